package dev.actgate.shared.credentials;

/**
 * Holds the master key(s) that wrap per-secret data keys: AWS KMS in the cloud ({@link KmsMasterKeyProvider}), a
 * key file locally ({@link LocalMasterKeyProvider}). Both bind the wrapped key to the {@link SecretBinding}, so an
 * unwrap for another record fails even before the secret's own associated data is checked.
 */
public interface MasterKeyProvider {

    /** A new 32-byte data key, wrapped under the current master key for {@code binding}. */
    DataKey newDataKey(SecretBinding binding);

    /**
     * The plaintext data key of {@code wrappedKey}, using the master key named {@code keyId} (not necessarily the
     * current one: old records keep opening after a new master key is introduced).
     *
     * @throws CredentialsUnavailableException unknown key id, wrong binding, tampered wrapped key, or the key
     *                                         service failed
     */
    byte[] unwrap(String keyId, byte[] wrappedKey, SecretBinding binding);
}
