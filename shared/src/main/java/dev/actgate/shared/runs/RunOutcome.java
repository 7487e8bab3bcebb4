package dev.actgate.shared.runs;

/**
 * How a run ended, as the run log records it ({@code outcome}): beyond success and failure, the three endings a
 * caller must treat differently. The wire spelling is the run-log API's (and the stored attribute's).
 */
public enum RunOutcome {
    SUCCEEDED("succeeded"),
    FAILED("failed"),
    /** The request was sent but no complete answer came: it may or may not have taken effect (docs/retries.md). */
    IN_DOUBT("in_doubt"),
    /** The run's time budget ran out before the external app answered. */
    DEADLINE("deadline"),
    /** The connection is (or just became) DISCONNECTED: the user must reconnect it. */
    DISCONNECTED("disconnected"),
    /** An approval policy holds the run until a person approves it; nothing reached the external app. */
    APPROVAL_REQUIRED("approval_required"),
    /** The egress policy refused the destination's address at connect time; nothing was sent. */
    EGRESS_DENIED("egress_denied"),
    /** The run (with its nested runs) reached its cap of upstream requests; nothing more was sent. */
    CALL_LIMIT("call_limit");

    private final String wire;

    RunOutcome(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
