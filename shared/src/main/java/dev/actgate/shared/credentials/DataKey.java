package dev.actgate.shared.credentials;

import java.util.Objects;

/**
 * A fresh data key from a {@link MasterKeyProvider}: the plaintext AES-256 key (used once in memory, never stored),
 * the same key wrapped by the master key (stored in the {@link SealedSecret}) and the id of that master key.
 * {@link #toString()} never prints either key.
 */
public record DataKey(byte[] plaintextKey, byte[] wrappedKey, String keyId) {

    public DataKey {
        Objects.requireNonNull(plaintextKey, "plaintextKey");
        Objects.requireNonNull(wrappedKey, "wrappedKey");
        Objects.requireNonNull(keyId, "keyId");
    }

    @Override
    public String toString() {
        return "DataKey[keyId=" + keyId + "]";
    }
}
