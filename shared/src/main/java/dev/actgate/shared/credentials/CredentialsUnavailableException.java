package dev.actgate.shared.credentials;

/**
 * A sealed secret could not be opened (wrong binding, tampering, unknown master key) or a data key could not be
 * obtained (key service failure). The message never contains key material or plaintext. {@link #retryable()} is
 * true only when the key service failed transiently (throttling, timeouts, 5xx); a record that does not open is not
 * going to open on retry.
 */
public class CredentialsUnavailableException extends RuntimeException {
    private final boolean retryable;

    public CredentialsUnavailableException(String message) {
        this(message, false, null);
    }

    public CredentialsUnavailableException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
