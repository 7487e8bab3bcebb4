package dev.actgate.shared.credentials;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Envelope encryption of credential bytes: a data key from the {@link MasterKeyProvider} encrypts the secret with
 * AES-256-GCM (random 12-byte nonce, 128-bit tag, the {@link SecretBinding} as associated data); the stored
 * {@link SealedSecret} carries the wrapped data key, never the plaintext one.
 * <p>
 * Unwrapped data keys are cached in memory (bounded, 5-minute expiry) so a warm Lambda does not call KMS on every
 * request, and sealing reuses a data key for the same binding for up to 5 minutes, saving one KMS call per
 * credential write (GCM with random nonces stays safe far beyond the few writes one record sees in that time).
 * Created only when something injects it, so functions that never touch credentials need no master key.
 */
@Singleton
public class CredentialCipher {
    static final int MAX_CACHED_KEYS = 1_000;
    static final Duration CACHE_TTL = Duration.ofMinutes(5);

    // Keyed by everything the unwrap depended on: a different wrapped key or binding must reach the provider.
    private record UnwrapKey(String keyId, String wrappedKey, SecretBinding binding) {
    }

    private record SealingKey(String keyId, String wrappedKey, SecretKeySpec key) {
        @Override
        public String toString() {
            return "SealingKey[keyId=" + keyId + "]";
        }
    }

    private static final Base64.Encoder B64 = Base64.getEncoder();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private final MasterKeyProvider keys;
    private final ExpiringCache<UnwrapKey, SecretKeySpec> unwrapped;
    private final ExpiringCache<SecretBinding, SealingKey> sealing;
    private final SecureRandom random = new SecureRandom();

    @Inject
    public CredentialCipher(MasterKeyProvider keys) {
        this(keys, MAX_CACHED_KEYS, CACHE_TTL, System::nanoTime);
    }

    CredentialCipher(MasterKeyProvider keys, int maxCachedKeys, Duration ttl, LongSupplier nanoClock) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.unwrapped = new ExpiringCache<>(maxCachedKeys, ttl, nanoClock);
        this.sealing = new ExpiringCache<>(maxCachedKeys, ttl, nanoClock);
    }

    public SealedSecret seal(byte[] plaintext, SecretBinding binding) {
        Objects.requireNonNull(plaintext, "plaintext");
        Objects.requireNonNull(binding, "binding");
        SealingKey dataKey = sealingKey(binding);
        byte[] nonce = new byte[Gcm.NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] ciphertext = Gcm.encrypt(dataKey.key(), nonce, plaintext, binding.associatedData());
        return new SealedSecret(dataKey.keyId(), dataKey.wrappedKey(), B64.encodeToString(nonce),
            B64.encodeToString(ciphertext));
    }

    public byte[] open(SealedSecret sealed, SecretBinding binding) {
        Objects.requireNonNull(binding, "binding");
        if (sealed == null || sealed.keyId() == null || sealed.wrappedKey() == null || sealed.nonce() == null
            || sealed.ciphertext() == null) {
            throw new CredentialsUnavailableException("sealed secret is incomplete");
        }
        byte[] nonce;
        byte[] ciphertext;
        byte[] wrapped;
        try {
            nonce = B64D.decode(sealed.nonce());
            ciphertext = B64D.decode(sealed.ciphertext());
            wrapped = B64D.decode(sealed.wrappedKey());
        } catch (IllegalArgumentException e) {
            throw new CredentialsUnavailableException("sealed secret is not valid base64");
        }
        if (nonce.length != Gcm.NONCE_BYTES || ciphertext.length < Gcm.TAG_BYTES) {
            throw new CredentialsUnavailableException("sealed secret is malformed");
        }
        SecretKeySpec key = dataKey(new UnwrapKey(sealed.keyId(), sealed.wrappedKey(), binding), wrapped);
        try {
            return Gcm.decrypt(key, nonce, ciphertext, binding.associatedData());
        } catch (GeneralSecurityException e) {
            throw new CredentialsUnavailableException(
                "sealed secret does not open for this record (bound to another record, or altered)");
        }
    }

    private SealingKey sealingKey(SecretBinding binding) {
        SealingKey cached = sealing.get(binding);
        if (cached != null) {
            return cached;
        }
        DataKey fresh = keys.newDataKey(binding);
        byte[] raw = fresh.plaintextKey();
        SecretKeySpec key;
        try {
            key = Gcm.aesKey(raw);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
        SealingKey created = new SealingKey(fresh.keyId(), B64.encodeToString(fresh.wrappedKey()), key);
        sealing.put(binding, created);
        // A read right after the write (the usual OAuth callback then first call) needs no unwrap either.
        unwrapped.put(new UnwrapKey(created.keyId(), created.wrappedKey(), binding), key);
        return created;
    }

    private SecretKeySpec dataKey(UnwrapKey cacheKey, byte[] wrapped) {
        SecretKeySpec cached = unwrapped.get(cacheKey);
        if (cached != null) {
            return cached;
        }
        byte[] raw = keys.unwrap(cacheKey.keyId(), wrapped, cacheKey.binding());
        SecretKeySpec key;
        try {
            key = Gcm.aesKey(raw);
        } finally {
            if (raw != null) {
                Arrays.fill(raw, (byte) 0);
            }
        }
        unwrapped.put(cacheKey, key);
        return key;
    }
}
