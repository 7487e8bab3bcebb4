package dev.actgate.shared.connections;

/** Lifecycle states, as the official SDK declares them, plus DISCONNECTED and ERROR from the guide. */
public enum ConnectionState {
    BUILDING, CLIENT_ACTION_REQUIRED, READY, DISCONNECTED, ERROR, CONFIGURATION_ERROR, SETUP_FAILED
}
