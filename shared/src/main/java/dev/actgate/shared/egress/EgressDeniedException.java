package dev.actgate.shared.egress;

/**
 * A destination the egress policy refuses. The message is safe to show the caller and to store in a run log: it
 * names the host as written and the kind of address it reached (never the resolved address, so the policy is no
 * oracle for internal DNS). {@link #operatorDetail()} has the addresses, for the operator's log only.
 */
public final class EgressDeniedException extends RuntimeException {
    private final String operatorDetail;

    public EgressDeniedException(String message, String operatorDetail) {
        super(message, null, false, false);
        this.operatorDetail = operatorDetail;
    }

    public String operatorDetail() {
        return operatorDetail;
    }
}
