package dev.actgate.shared.auth;

/** Why a bearer token was refused. The message is shown to the caller, so it never includes key material. */
public final class TokenRejection extends Exception {
    /** Request attribute under which the validator leaves the reason for the 401 handler. */
    public static final String ATTRIBUTE = "actgate.token.rejection";

    public TokenRejection(String message) {
        super(message, null, false, false);
    }
}
