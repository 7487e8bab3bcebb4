package dev.actgate.act;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.actgate.shared.auth.Caller;
import dev.actgate.shared.connections.Connection;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.integrations.Integration;
import dev.actgate.shared.runs.Redactor;
import dev.actgate.shared.runs.RunExchange;
import dev.actgate.shared.runs.RunLog;
import dev.actgate.shared.runs.RunOutcome;
import dev.actgate.shared.storage.Ids;
import dev.actgate.shared.upstream.UpstreamRequest;
import dev.actgate.shared.upstream.UpstreamResponse;
import dev.actgate.shared.workspaces.WorkspaceSettings;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collects what one dispatch did — resolved action, connection, input, every exchange with the external app,
 * console lines, output or error — and turns it into a redacted {@link RunLog}. Thread-safe for the code sandbox.
 */
final class RunRecorder {
    /** Bodies longer than this are cut in the run log, with a marker saying how much was left out. */
    static final int MAX_BODY_CHARS = 32 * 1024;

    final String id = Ids.newId("run");
    final Instant startedAt = Instant.now();
    final long startNanos = System.nanoTime();
    final long deadlineNanos;
    final Caller caller;
    final String door;
    final ObjectNode action;
    private final boolean captureBodies;
    private final int retentionDays;
    private final List<RunExchange> exchanges = Collections.synchronizedList(new ArrayList<>());
    private final List<RunLog.ConsoleEntry> console = Collections.synchronizedList(new ArrayList<>());
    /** Built when first needed after the secrets changed (null = stale): a run adds secrets twice before it uses one. */
    private volatile Redactor redactor = Redactor.none();
    private final Set<String> secretsSeen = new LinkedHashSet<>();
    private final Set<String> sensitiveHeadersSeen = new LinkedHashSet<>();
    volatile RunLog.ResolvedAction resolvedAction;
    volatile Connection connection;
    volatile Integration integration;
    volatile JsonNode input;
    volatile JsonNode output;
    volatile RunOutcome outcome;
    /** The caller's W3C trace (or a new one): every upstream attempt carries a child traceparent of it. */
    final dev.actgate.shared.observability.TraceContext trace = dev.actgate.shared.observability.TraceContext.current();

    RunRecorder(Caller caller, String door, ObjectNode action, Duration budget, boolean captureBodies, int retentionDays) {
        this.caller = caller;
        this.door = door;
        this.action = action;
        this.deadlineNanos = startNanos + budget.toNanos();
        this.captureBodies = captureBodies;
        this.retentionDays = retentionDays;
    }

    // ---- fan-out bounds (issue 11): nested runs share the root run's deadline and upstream-call budget ----

    /** Upstream requests made by this run and every run nested in it (membrane.act), counted against one cap. */
    java.util.concurrent.atomic.AtomicInteger upstreamCalls = new java.util.concurrent.atomic.AtomicInteger();

    /** A nested run counts its upstream calls with its parent's (the deadline is the parent's remaining budget). */
    void nestedIn(RunRecorder parent) {
        this.upstreamCalls = parent.upstreamCalls;
        this.parent = parent;
    }

    /**
     * Set when the sandbox's watchdog ended a code run at its deadline (issue 11). It reaches down, not up: a run cut
     * off cuts the runs nested in it (they run inside its host call), while a nested run that hit its own time limit
     * leaves its parent's remaining time alone.
     */
    private final java.util.concurrent.atomic.AtomicBoolean cutOff = new java.util.concurrent.atomic.AtomicBoolean();
    private RunRecorder parent;

    /** The deadline is reached now: no upstream request or retry starts after this, in this run or a nested one. */
    void deadlineReached() {
        cutOff.set(true);
    }

    boolean wasCutOff() {
        for (RunRecorder r = this; r != null; r = r.parent) {
            if (r.cutOff.get()) {
                return true;
            }
        }
        return false;
    }

    /** Counts one upstream request; refuses it (nothing sent) once the run tree has made {@code max}. */
    void countUpstreamCall(int max) {
        if (upstreamCalls.incrementAndGet() > max) {
            outcome = RunOutcome.CALL_LIMIT;
            throw new dev.actgate.shared.errors.ApiException(dev.actgate.shared.errors.ErrorCode.RATE_LIMITED,
                "This run reached the limit of " + max + " upstream requests (including nested membrane.act calls)",
                Map.of("limit", max));
        }
    }

    long remainingMillis() {
        return wasCutOff() ? 0 : (deadlineNanos - System.nanoTime()) / 1_000_000;
    }

    /**
     * Adds the secrets (and sensitive header names) of a connection the run uses. Cumulative: a code run may call
     * several connections, and an OAuth2 refresh replaces a token mid-run; the log must redact every one of them.
     */
    synchronized void useSecrets(List<String> secretValues, java.util.Collection<String> sensitiveHeaders) {
        boolean changed = false;
        for (String secret : secretValues == null ? List.<String>of() : secretValues) {
            if (secret == null || secret.length() < Redactor.MIN_SECRET_LENGTH || secret.isBlank()) {
                continue;
            }
            changed |= secretsSeen.add(secret);
        }
        if (sensitiveHeaders != null) {
            changed |= sensitiveHeadersSeen.addAll(sensitiveHeaders);
        }
        if (changed) {
            // Rebuilt on next use, not here: building the matcher of every secret's variants is the costly part, and a
            // run adds the stored secrets and then the applied auth's before anything is recorded (profile, benchmarks.md).
            this.redactor = null;
        }
    }

    /** The redactor for every secret added so far. */
    Redactor redactor() {
        Redactor r = redactor;
        if (r != null) {
            return r;
        }
        synchronized (this) {
            if (redactor == null) {
                redactor = new Redactor(secretsSeen, sensitiveHeadersSeen);
            }
            return redactor;
        }
    }

    int attempts() {
        return exchanges.size();
    }

    void exchange(int attempt, long waitedMillis, UpstreamRequest request, UpstreamResponse response, String error,
                  long durationMillis, Instant startedAt) {
        Redactor r = redactor();
        boolean[] truncated = {false};
        String requestBody = body(request.body(), header(request.headers(), "content-type"), r, truncated);
        String responseBody = response == null ? null : body(response.body(), response.header("content-type"), r, truncated);
        exchanges.add(new RunExchange(attempt, startedAt, waitedMillis > 0 ? waitedMillis : null, request.method(),
            r.url(request.url().toString()), r.headers(request.headers()), requestBody,
            response == null ? null : response.status(), response == null ? null : r.headers(response.headers()),
            responseBody, durationMillis, r.text(error), truncated[0] ? Boolean.TRUE : null));
    }

    private static String header(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && e.getValue() != null && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return null;
    }

    private String body(byte[] bytes, String contentType, Redactor r, boolean[] truncated) {
        if (bytes == null || bytes.length == 0) {
            return null;
        }
        if (!captureBodies) {
            return "[body not captured: " + bytes.length + " bytes]";
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return "[binary body: " + bytes.length + " bytes]";
        }
        text = r.body(text, contentType);   // by name (JSON keys, form fields, key=value text), then by value
        if (text.length() > MAX_BODY_CHARS) {
            truncated[0] = true;
            return text.substring(0, MAX_BODY_CHARS) + "…[truncated: " + (text.length() - MAX_BODY_CHARS) + " more characters]";
        }
        return text;
    }

    void console(List<RunLog.ConsoleEntry> lines) {
        console.addAll(lines);
    }

    RunLog toLog(ApiException error, ObjectMapper json) {
        Redactor r = redactor();
        Instant done = Instant.now();
        Connection c = connection;
        Integration i = integration;
        List<RunLog.ConsoleEntry> lines = console.stream()
            .map(l -> new RunLog.ConsoleEntry(l.level(), r.freeText(l.message()), l.at())).toList();
        // A run held by an approval policy is waiting, not failed (docs/approvals.md).
        boolean held = error != null && error.code() == dev.actgate.shared.errors.ErrorCode.APPROVAL_REQUIRED;
        return new RunLog(id, caller.workspaceId(), caller.tenantKey(), error == null ? RunLog.SUCCESS : held ? RunLog.WAITING_FOR_APPROVAL : RunLog.ERROR, door,
            (ObjectNode) r.json(action), resolvedAction, c == null ? null : c.id(), c == null ? null : c.key(),
            i == null ? null : i.id(), i == null ? null : i.key(), redactNullable(input, r),
            captureBodies ? redactNullable(output, r) : null, error == null ? null : redactError(error, r, json, captureBodies),
            redactNullable(action.get("meta"), r), startedAt, done, (System.nanoTime() - startNanos) / 1_000_000,
            exchanges.size(), (outcome != null ? outcome : error == null ? RunOutcome.SUCCEEDED : held ? RunOutcome.APPROVAL_REQUIRED
                : RunOutcome.FAILED).wire(), List.copyOf(exchanges),
            lines.isEmpty() ? null : lines, null, done.plus(Duration.ofDays(retentionDays > 0 ? retentionDays
                : WorkspaceSettings.DEFAULT_RETENTION_DAYS)).getEpochSecond(), trace.traceId());
    }

    private static JsonNode redactNullable(JsonNode node, Redactor r) {
        return node == null ? null : r.json(node);
    }

    private static dev.actgate.shared.errors.ErrorBody redactError(ApiException e, Redactor r, ObjectMapper json, boolean captureBodies) {
        dev.actgate.shared.errors.ErrorBody b = e.toBody();
        JsonNode data = b.data() == null ? null : r.json(json.valueToTree(b.data()));
        if (!captureBodies && data instanceof ObjectNode o && o.has("body")) {
            o.put("body", "[body not captured]");   // the external app's response body, like the exchanges' bodies
        }
        return new dev.actgate.shared.errors.ErrorBody(b.type(), b.key(), b.code(), r.text(b.message()), b.attribution(), data, null);
    }

    Map<String, Object> summary() {
        return Map.of("id", id, "attempts", exchanges.size());
    }
}
