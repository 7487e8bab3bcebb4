package dev.actgate.shared.upstream;

/**
 * A request that got no HTTP response. {@link Kind} says whether the request could have reached the app:
 * a connect failure never did (safe to retry any method); a read timeout or a reset after sending may have
 * (a non-idempotent request then ends {@code in_doubt}).
 */
public final class UpstreamFailure extends RuntimeException {
    public enum Kind {
        /** DNS, refused, connect timeout: nothing was sent. */
        NOT_SENT,
        /** Sent, but no response within the read timeout. */
        TIMEOUT,
        /** Sent, then the connection broke before a full response. */
        BROKEN,
        /** The response was larger than actgate accepts. */
        TOO_LARGE,
        /** The egress policy refused the destination: nothing was sent. */
        DENIED
    }

    private final Kind kind;
    private final long durationMillis;

    public UpstreamFailure(Kind kind, String message, long durationMillis) {
        super(message, null, false, false);
        this.kind = kind;
        this.durationMillis = durationMillis;
    }

    public Kind kind() {
        return kind;
    }

    public long durationMillis() {
        return durationMillis;
    }

    public boolean maybeSent() {
        return kind == Kind.TIMEOUT || kind == Kind.BROKEN;
    }
}
