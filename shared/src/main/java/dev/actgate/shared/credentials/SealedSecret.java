package dev.actgate.shared.credentials;

/**
 * Envelope-encrypted secret material as stored: the data key wrapped by a master key ({@code keyId} names which,
 * so a new master key can be introduced while old records still open), an AES-256-GCM nonce and ciphertext.
 * The workspace, tenant and record ids are bound as associated data, so a copy pasted onto another record
 * fails to open. Contains no plaintext; {@link #toString()} says so.
 */
public record SealedSecret(String keyId, String wrappedKey, String nonce, String ciphertext) {

    @Override
    public String toString() {
        return "SealedSecret[keyId=" + keyId + "]";
    }
}
