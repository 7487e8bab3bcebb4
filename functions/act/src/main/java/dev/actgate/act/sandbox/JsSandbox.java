package dev.actgate.act.sandbox;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.actgate.act.sandbox.Watchdog.Limit;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorCode;
import java.io.OutputStream;
import java.time.ZoneOffset;
import java.util.Objects;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.ResourceLimits;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;

/**
 * Runs caller-supplied JavaScript with GraalJS: a fresh context per run on one shared engine, no host access beyond
 * the {@link SandboxHost} functions, and limits on time, statements, heap growth and output size.
 *
 * <p>Thread-safe: runs may execute concurrently, each on its caller's thread with its own context. The engine is
 * created on first use, so requests that never run code never pay for it.
 */
public final class JsSandbox implements AutoCloseable {
    /** Bounds single allocations the heap sampler could not catch in time: 64 Mi chars, 32 Mi typed-array elements. */
    private static final String STRING_LENGTH_LIMIT = String.valueOf(64 * 1024 * 1024);
    private static final String TYPED_ARRAY_LENGTH_LIMIT = String.valueOf(32 * 1024 * 1024);

    /** Loaded on first use, so constructing a JsSandbox loads neither GraalJS nor Jackson. */
    private static final class Shared {
        static final ObjectMapper JSON = new ObjectMapper();
        // Nothing but proxies: no public members, no arrays, lists or maps, no mutable mappings of guest objects.
        static final HostAccess PROXIES_ONLY = HostAccess.newBuilder().allowMutableTargetMappings().build();
    }

    private final Object lock = new Object();
    private volatile Engine engine;
    private volatile boolean closed;

    public JsSandbox() {
    }

    /**
     * Runs {@code code} as a CommonJS module and returns what its export produced, as JSON.
     *
     * @throws ApiException CUSTOM_CODE_ERROR (thrown error or syntax error), CUSTOM_CODE_TIMEOUT (a limit was hit)
     *                      or OUTPUT_TOO_LARGE; its data carries the console lines captured so far
     */
    public SandboxResult run(String code, JsonNode input, JsonNode connection, JsonNode integration, SandboxHost host,
                             SandboxLimits limits) {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(limits, "limits");
        long started = System.nanoTime();
        Engine shared = engine();
        ConsoleBuffer console = new ConsoleBuffer();
        JsErrors errors = new JsErrors(code, console);
        HostBridge bridge = new HostBridge(Shared.JSON, host, console);
        Context context = newContext(shared, limits);
        Watchdog.Guard guard = Watchdog.SHARED.watch(context, limits, () -> {
            host.deadlineReached();
            bridge.interruptHostCall();
        });
        Limit hit = null;
        try {
            Value runner = context.eval(Bootstrap.SOURCE)
                .execute(bridge.hostCall(), bridge.log(), bridge.settle(), limits.maxOutputBytes());
            Value factory;
            try {
                factory = context.eval(userSource(code, true));
            } catch (PolyglotException e) {
                if (e.isSyntaxError()) {
                    throw errors.syntax(e);
                }
                throw e;
            }
            // Pending promise jobs run when this call returns to the host, so an async export has settled (or never
            // will) by the time it does: host calls are synchronous and there are no timers.
            runner.execute(factory, json(input), json(connection), json(integration));
        } catch (PolyglotException | IllegalStateException e) {
            hit = Watchdog.SHARED.release(guard);
            throw translate(e, hit, errors, limits, guard);
        } finally {
            if (hit == null) {
                hit = Watchdog.SHARED.release(guard);
            }
            closeQuietly(context);
            if (hit != null) {
                Thread.interrupted();   // cancelling may interrupt this thread: what runs next (the run log) must not see it
            }
        }
        if (hit != null) {
            // The limit fired as the code finished; report it rather than a result that raced the cancellation.
            throw errors.limit(hit, limits, guard.heapLimit);
        }
        return new SandboxResult(output(bridge.outcome(), errors, limits), console.lines(),
            (System.nanoTime() - started) / 1_000_000);
    }

    /** null when the code parses; else "SyntaxError: … (line L, column C)". Never runs the code. */
    public String checkSyntax(String code) {
        Objects.requireNonNull(code, "code");
        try (Context context = newContext(engine(), null)) {
            context.parse(userSource(code, false));
            return null;
        } catch (PolyglotException e) {
            if (e.isSyntaxError()) {
                return new JsErrors(code, new ConsoleBuffer()).syntaxMessage(e);
            }
            throw e;
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            if (engine != null) {
                try {
                    engine.close(true);
                } catch (RuntimeException ignored) {
                    // Shutting down anyway.
                }
                engine = null;
            }
        }
    }

    private Engine engine() {
        Engine e = engine;
        if (e == null) {
            synchronized (lock) {
                if (closed) {
                    throw new IllegalStateException("JsSandbox is closed");
                }
                e = engine;
                if (e == null) {
                    // No Graal JIT on this JVM: the engine interprets, which is expected, so its warning is noise.
                    e = Engine.newBuilder("js").option("engine.WarnInterpreterOnly", "false").build();
                    engine = e;
                }
            }
        }
        return e;
    }

    private static Context newContext(Engine engine, SandboxLimits limits) {
        Context.Builder builder = Context.newBuilder("js")
            .engine(engine)
            .allowHostAccess(Shared.PROXIES_ONLY)
            .allowHostClassLookup(className -> false)
            .allowHostClassLoading(false)
            .allowIO(IOAccess.NONE)
            .allowCreateThread(false)
            .allowCreateProcess(false)
            .allowNativeAccess(false)
            .allowEnvironmentAccess(EnvironmentAccess.NONE)
            .allowPolyglotAccess(PolyglotAccess.NONE)
            .allowValueSharing(false)
            .allowInnerContextOptions(false)
            .out(OutputStream.nullOutputStream())
            .err(OutputStream.nullOutputStream())
            .timeZone(ZoneOffset.UTC)
            // js.load and friends are experimental options; this enables only the ones set here.
            .allowExperimentalOptions(true)
            .option("js.ecmascript-version", "latest")
            .option("js.console", "false")
            .option("js.print", "false")
            .option("js.load", "false")
            .option("js.polyglot-builtin", "false")
            .option("js.graal-builtin", "false")
            .option("js.java-package-globals", "false")
            .option("js.global-property", "false")
            .option("js.performance", "false")
            .option("js.shell", "false")
            .option("js.string-length-limit", STRING_LENGTH_LIMIT)
            .option("js.max-typed-array-length", TYPED_ARRAY_LENGTH_LIMIT)
            .option("js.stack-trace-limit", String.valueOf(JsErrors.MAX_STACK_LINES));
        if (limits != null) {
            builder.resourceLimits(ResourceLimits.newBuilder().statementLimit(limits.statementLimit(), null).build());
        }
        return builder.build();
    }

    private static Source userSource(String code, boolean cached) {
        // A leading #! line is legal for Node scripts but not inside the wrapper; keep its length so columns hold.
        String body = code.startsWith("#!") ? "//" + code.substring(2) : code;
        String wrapped = Bootstrap.MODULE_PREFIX + body + Bootstrap.MODULE_SUFFIX;
        return Source.newBuilder("js", wrapped, Bootstrap.USER_SOURCE_NAME).cached(cached).buildLiteral();
    }

    private static RuntimeException translate(RuntimeException e, Limit hit, JsErrors errors, SandboxLimits limits,
                                              Watchdog.Guard guard) {
        if (hit != null) {
            return errors.limit(hit, limits, guard.heapLimit);
        }
        if (e instanceof PolyglotException pe) {
            if (pe.isCancelled() && pe.isResourceExhausted()) {
                return errors.limit(Limit.STATEMENTS, limits, guard.heapLimit);
            }
            if (pe.isResourceExhausted()) {
                // A single allocation too big for the heap: GraalJS failed it and the JVM carries on.
                return errors.limit(Limit.HEAP, limits, guard.heapLimit);
            }
            if (pe.isGuestException() && !pe.isInternalError()) {
                return errors.escaped(pe);
            }
        }
        return new ApiException(ErrorCode.INTERNAL_ERROR, "The JavaScript sandbox failed", null, e);
    }

    private static JsonNode output(HostBridge.Outcome outcome, JsErrors errors, SandboxLimits limits) {
        if (outcome.kind == null) {
            throw errors.neverSettled();
        }
        try {
            switch (outcome.kind) {
                case "error" -> throw errors.thrown(Shared.JSON.readTree(outcome.payload));
                case "too-large" -> throw errors.outputTooLarge(Long.parseLong(outcome.payload), true,
                    limits.maxOutputBytes());
                case "ok" -> {
                    int size = ConsoleBuffer.utf8Length(outcome.payload);
                    if (size > limits.maxOutputBytes()) {
                        throw errors.outputTooLarge(size, false, limits.maxOutputBytes());
                    }
                    return Shared.JSON.readTree(outcome.payload);
                }
                default -> throw new IllegalStateException("unknown outcome " + outcome.kind);
            }
        } catch (JacksonException e) {
            // JSON.stringify's output is valid JSON; only the parser's own limits (nesting depth) can refuse it.
            throw errors.badOutput(e.getOriginalMessage());
        }
    }

    private static void closeQuietly(Context context) {
        try {
            // Cancelling close: a cancelled or limit-hit context reports that again on close, which is no news.
            context.close(true);
        } catch (RuntimeException ignored) {
            // Nothing left to release that the engine does not reclaim itself.
        }
    }

    /** Host JSON reaches guest code as text it parses itself, so it only ever sees plain JavaScript values. */
    private static String json(JsonNode node) {
        return node == null ? "null" : node.toString();
    }
}
