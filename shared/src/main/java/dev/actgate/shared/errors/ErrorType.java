package dev.actgate.shared.errors;

/**
 * The {@code type} vocabulary of error bodies. These are the values the official Membrane SDK turns into typed
 * errors, so code written for that SDK keeps its error handling against actgate.
 */
public enum ErrorType {
    BAD_REQUEST("bad_request"),
    CONNECTION("connection"),
    CONFIGURATION("configuration"),
    DEPENDENCY_ERROR("dependency_error"),
    CONCURRENCY("concurrency"),
    INTERNAL("internal"),
    ACTION_RUN("action_run"),
    CUSTOM_CODE("custom_code");

    private final String wire;

    ErrorType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
