package dev.actgate.shared.sam;

/**
 * Function-specific work {@link SnapStartPriming} does before a SnapStart snapshot is taken, on top of the requests it
 * sends through the handler (for the act function: a trivial script through the JavaScript sandbox, so GraalJS is
 * loaded and initialised in the snapshot rather than on the first {@code code} run after a restore).
 */
public interface PrimingStep {
    /** A short name for logs and the cold-start bench. */
    String name();

    /** Does the work; must not write anything and may throw (the snapshot is taken anyway). */
    void prime() throws Exception;
}
