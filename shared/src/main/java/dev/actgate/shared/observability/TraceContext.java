package dev.actgate.shared.observability;

import io.micronaut.http.context.ServerRequestContext;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * W3C Trace Context for one run: the caller's {@code traceparent} when it sent a valid one (so actgate's calls to the
 * app join the caller's trace), otherwise a new trace. Every upstream attempt gets a child {@code traceparent} with
 * the same trace id and a fresh span id; the run log keeps the trace id, so a trace and a run find each other.
 */
public record TraceContext(String traceId, String parentId, String flags, String tracestate) {
    private static final Pattern TRACEPARENT = Pattern.compile("^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$");
    private static final String INVALID_TRACE = "0".repeat(32);
    private static final String INVALID_SPAN = "0".repeat(16);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Parses a {@code traceparent} (version 00); anything else — absent, malformed, all-zero ids — starts a new trace. */
    public static TraceContext from(String traceparent, String tracestate) {
        if (traceparent != null) {
            var m = TRACEPARENT.matcher(traceparent.strip());
            if (m.matches() && !m.group(1).equals(INVALID_TRACE) && !m.group(2).equals(INVALID_SPAN)) {
                String state = tracestate == null || tracestate.length() > 512 ? null : tracestate.strip();
                return new TraceContext(m.group(1), m.group(2), m.group(3), state == null || state.isEmpty() ? null : state);
            }
        }
        return new TraceContext(hex(16), null, "01", null);
    }

    /** The trace of the request being served (its traceparent header), or a new one. */
    public static TraceContext current() {
        return ServerRequestContext.currentRequest()
            .map(r -> from(r.getHeaders().get("traceparent"), r.getHeaders().get("tracestate")))
            .orElseGet(() -> from(null, null));
    }

    /** The header for one outgoing call: same trace, a new span. */
    public String childTraceparent() {
        return "00-" + traceId + "-" + hex(8) + "-" + flags;
    }

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
