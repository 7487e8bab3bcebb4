package dev.actgate.shared.errors;

/** Who an error comes from: the caller's request, actgate itself, or the external app behind a connection. */
public enum Attribution {
    CALLER("caller"),
    ACTGATE("actgate"),
    EXTERNAL_APP("external_app");

    private final String wire;

    Attribution(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
