package dev.actgate.act.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorCode;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The three functions the bootstrap receives: host calls, console lines and the run's outcome. Arguments and
 * results are JSON strings, so no host object ever reaches guest code, and nothing thrown here escapes into it:
 * host failures come back as an error envelope the bootstrap turns into a JavaScript Error.
 */
final class HostBridge {
    private static final Logger LOG = LoggerFactory.getLogger(HostBridge.class);

    /** How the run ended, as reported by the bootstrap; kind is null until then. */
    static final class Outcome {
        String kind;
        String payload;
    }

    private final ObjectMapper json;
    private final SandboxHost host;
    private final ConsoleBuffer console;
    private final Outcome outcome = new Outcome();

    HostBridge(ObjectMapper json, SandboxHost host, ConsoleBuffer console) {
        this.json = json;
        this.host = host;
        this.console = console;
    }

    Outcome outcome() {
        return outcome;
    }

    /** The thread inside a host call, or null; guarded by this. */
    private Thread inHostCall;
    private boolean interrupted; // guarded by this

    /**
     * Interrupts the host call in progress, if any (the watchdog, at the run's deadline): a blocked upstream request
     * ends at once and its connection is closed. The interrupt can only land while the call is in progress: the call
     * clears it on its way out, so it never leaks into the code that runs after the sandbox.
     */
    synchronized boolean interruptHostCall() {
        if (inHostCall == null) {
            return false;
        }
        interrupted = true;
        inHostCall.interrupt();
        return true;
    }

    /** Whether a host call was cut by {@link #interruptHostCall}. */
    synchronized boolean hostCallInterrupted() {
        return interrupted;
    }

    private synchronized void enterHostCall() {
        inHostCall = Thread.currentThread();
    }

    private synchronized void leaveHostCall() {
        inHostCall = null;
        Thread.interrupted();   // an interrupt meant for this call ends with it
    }

    ProxyExecutable hostCall() {
        return args -> {
            enterHostCall();
            try {
                return hostCall(args);
            } finally {
                leaveHostCall();
            }
        };
    }

    private String hostCall(Value[] args) {
        String kind = string(args, 0);
        ObjectNode envelope = json.createObjectNode();
        try {
            JsonNode payload = json.readTree(string(args, 1));
            JsonNode value = switch (kind) {
                case "apiRequest" -> host.apiRequest(payload);
                case "act" -> host.act(payload);
                case "listConnections" -> host.listConnections(payload);
                default -> throw new IllegalArgumentException("unknown host call " + kind);
            };
            envelope.put("ok", true);
            envelope.set("value", value == null ? NullNode.getInstance() : value);
        } catch (ApiException e) {
            envelope.put("ok", false);
            ObjectNode error = envelope.putObject("error");
            error.put("message", e.getMessage());
            error.put("code", e.code().name());
            error.put("status", e.code().status());
            if (e.data() != null) {
                try {
                    error.set("data", json.valueToTree(e.data()));
                } catch (IllegalArgumentException unserializable) {
                    // The message and code still say what went wrong.
                }
            }
        } catch (JsonProcessingException | RuntimeException e) {
            // A bug or an unexpected failure on our side: the operator gets the details, the code a generic error.
            LOG.error("Sandbox host call {} failed", kind, e);
            envelope.put("ok", false);
            ObjectNode error = envelope.putObject("error");
            error.put("message", "Internal error while handling " + kind);
            error.put("code", ErrorCode.INTERNAL_ERROR.name());
            error.put("status", ErrorCode.INTERNAL_ERROR.status());
        }
        return envelope.toString();
    }

    ProxyExecutable log() {
        return args -> console.add(string(args, 0), string(args, 1));
    }

    ProxyExecutable settle() {
        return args -> {
            if (outcome.kind == null) {
                outcome.kind = string(args, 0);
                outcome.payload = string(args, 1);
            }
            return null;
        };
    }

    private static String string(Value[] args, int index) {
        if (index >= args.length || !args[index].isString()) {
            throw new IllegalArgumentException("expected a string argument at " + index);
        }
        return args[index].asString();
    }
}
