package dev.actgate.shared.credentials;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CredentialCipherTest {
    private static final String SECRET = "{\"access_token\":\"gho_S3cr3tT0kenValue\",\"refresh_token\":\"r-very-secret\"}";
    private static final SecretBinding BINDING = new SecretBinding("ws_1", "tenant-a", "conn_1");

    @TempDir
    Path dir;
    LocalMasterKeyProvider provider;
    CredentialCipher cipher;

    @BeforeEach
    void setUp() {
        provider = new LocalMasterKeyProvider(dir.resolve("master.key"));
        cipher = new CredentialCipher(provider);
    }

    private static byte[] secret() {
        return SECRET.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void roundTrip() {
        SealedSecret sealed = cipher.seal(secret(), BINDING);
        assertArrayEquals(secret(), cipher.open(sealed, BINDING));
        // A fresh cipher (cold cache, as in another Lambda instance) opens it too.
        assertArrayEquals(secret(), new CredentialCipher(provider).open(sealed, BINDING));
        assertEquals(provider.currentKeyId(), sealed.keyId());
        assertEquals(12, Base64.getDecoder().decode(sealed.nonce()).length);
        assertEquals(secret().length + 16, Base64.getDecoder().decode(sealed.ciphertext()).length);
    }

    @Test
    void emptyPlaintextRoundTrips() {
        assertArrayEquals(new byte[0], cipher.open(cipher.seal(new byte[0], BINDING), BINDING));
    }

    @Test
    void everySealUsesAFreshNonce() {
        Set<String> nonces = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            nonces.add(cipher.seal(secret(), BINDING).nonce());
        }
        assertEquals(200, nonces.size());
    }

    @Test
    void secretMovedToAnotherRecordTenantOrWorkspaceDoesNotOpen() {
        SealedSecret sealed = cipher.seal(secret(), BINDING);
        for (SecretBinding other : new SecretBinding[] {
            new SecretBinding("ws_1", "tenant-a", "conn_2"),
            new SecretBinding("ws_1", "tenant-b", "conn_1"),
            new SecretBinding("ws_2", "tenant-a", "conn_1")}) {
            assertThrows(CredentialsUnavailableException.class, () -> cipher.open(sealed, other), other.toString());
            assertThrows(CredentialsUnavailableException.class, () -> new CredentialCipher(provider).open(sealed, other));
        }
        assertArrayEquals(secret(), cipher.open(sealed, BINDING));
    }

    @Test
    void secretAssociatedDataHoldsEvenIfTheProviderDidNotBindTheDataKey() {
        // A provider that ignores the binding: the secret's own AES-GCM associated data must still refuse.
        MasterKeyProvider unbound = new MasterKeyProvider() {
            final SecretBinding fixed = new SecretBinding("x", "x", "x");

            @Override
            public DataKey newDataKey(SecretBinding binding) {
                return provider.newDataKey(fixed);
            }

            @Override
            public byte[] unwrap(String keyId, byte[] wrappedKey, SecretBinding binding) {
                return provider.unwrap(keyId, wrappedKey, fixed);
            }
        };
        CredentialCipher c = new CredentialCipher(unbound);
        SealedSecret sealed = c.seal(secret(), BINDING);
        assertArrayEquals(secret(), new CredentialCipher(unbound).open(sealed, BINDING));
        assertThrows(CredentialsUnavailableException.class,
            () -> new CredentialCipher(unbound).open(sealed, new SecretBinding("ws_1", "tenant-a", "conn_2")));
    }

    @Test
    void tamperingIsDetected() {
        SealedSecret s = cipher.seal(secret(), BINDING);
        SealedSecret[] tampered = {
            new SealedSecret(s.keyId(), s.wrappedKey(), s.nonce(), flip(s.ciphertext(), 0)),
            new SealedSecret(s.keyId(), s.wrappedKey(), s.nonce(), flip(s.ciphertext(), -1)),
            new SealedSecret(s.keyId(), s.wrappedKey(), flip(s.nonce(), 3), s.ciphertext()),
            new SealedSecret(s.keyId(), flip(s.wrappedKey(), 20), s.nonce(), s.ciphertext()),
            new SealedSecret("local-00000000", s.wrappedKey(), s.nonce(), s.ciphertext()),
            new SealedSecret(s.keyId(), s.wrappedKey(), s.nonce(), truncate(s.ciphertext(), 15)),
            new SealedSecret(s.keyId(), s.wrappedKey(), truncate(s.nonce(), 8), s.ciphertext()),
            new SealedSecret(s.keyId(), s.wrappedKey(), s.nonce(), "not base64!"),
            new SealedSecret(s.keyId(), null, s.nonce(), s.ciphertext()),
        };
        for (SealedSecret t : tampered) {
            // cold cipher: goes through the provider; warm cipher: the cached data key must not mask tampering
            assertThrows(CredentialsUnavailableException.class, () -> new CredentialCipher(provider).open(t, BINDING));
            assertThrows(CredentialsUnavailableException.class, () -> cipher.open(t, BINDING));
        }
        assertThrows(CredentialsUnavailableException.class, () -> cipher.open(null, BINDING));
    }

    @Test
    void unknownKeyIdIsRefusedByName() {
        SealedSecret s = cipher.seal(secret(), BINDING);
        CredentialsUnavailableException e = assertThrows(CredentialsUnavailableException.class,
            () -> new CredentialCipher(provider).open(
                new SealedSecret("local-deadbeef", s.wrappedKey(), s.nonce(), s.ciphertext()), BINDING));
        assertTrue(e.getMessage().contains("local-deadbeef"), e.getMessage());
        assertFalse(e.retryable());
    }

    @Test
    void sealedSecretNeverShowsThePlaintext() {
        SealedSecret s = cipher.seal(secret(), BINDING);
        String b64Plain = Base64.getEncoder().encodeToString(secret());
        for (String field : new String[] {s.keyId(), s.wrappedKey(), s.nonce(), s.ciphertext(), s.toString()}) {
            assertFalse(field.contains("S3cr3tT0ken"), field);
            assertFalse(field.contains("very-secret"), field);
            assertFalse(field.contains(b64Plain.substring(0, 12)), field);
        }
        assertFalse(s.toString().contains(s.ciphertext()));
        assertFalse(s.toString().contains(s.wrappedKey()));
    }

    @Test
    void failureMessagesNeverShowKeysOrPlaintext() {
        SealedSecret s = cipher.seal(secret(), BINDING);
        DataKey dk = provider.newDataKey(BINDING);
        String rawKey = Base64.getEncoder().encodeToString(dk.plaintextKey());
        SealedSecret t = new SealedSecret(s.keyId(), s.wrappedKey(), s.nonce(), flip(s.ciphertext(), 2));
        for (Runnable r : new Runnable[] {
            () -> cipher.open(t, BINDING),
            () -> cipher.open(s, new SecretBinding("ws_1", "tenant-a", "other")),
            () -> provider.unwrap(dk.keyId(), dk.wrappedKey(), new SecretBinding("ws_1", "tenant-a", "other"))}) {
            CredentialsUnavailableException e = assertThrows(CredentialsUnavailableException.class, r::run);
            assertFalse(e.getMessage().contains("S3cr3t"), e.getMessage());
            assertFalse(e.getMessage().contains(rawKey), e.getMessage());
            assertFalse(e.getMessage().contains(s.ciphertext()), e.getMessage());
        }
    }

    @Test
    void dataKeyToStringHidesTheKeys() {
        DataKey dk = provider.newDataKey(BINDING);
        String text = dk.toString();
        assertTrue(text.contains(dk.keyId()));
        assertFalse(text.contains(Base64.getEncoder().encodeToString(dk.plaintextKey())));
        assertFalse(text.contains(Arrays.toString(dk.plaintextKey())));
        assertFalse(text.contains(Base64.getEncoder().encodeToString(dk.wrappedKey())));
        assertEquals(32, dk.plaintextKey().length);
    }

    @Test
    void bindingEncodingIsUnambiguous() {
        assertFalse(Arrays.equals(new SecretBinding("ab", "c", "r").associatedData(),
            new SecretBinding("a", "bc", "r").associatedData()));
        assertFalse(Arrays.equals(new SecretBinding("a", "b", "c|d").associatedData(),
            new SecretBinding("a", "b|c", "d").associatedData()));
        assertArrayEquals(new SecretBinding("w", "t", "r").associatedData(),
            new SecretBinding("w", "t", "r").associatedData());
        assertEquals(Map.of("workspaceId", "w", "tenantKey", "t", "recordId", "r"),
            new SecretBinding("w", "t", "r").encryptionContext());
        assertThrows(IllegalArgumentException.class, () -> new SecretBinding("w", "", "r"));
        assertThrows(IllegalArgumentException.class, () -> new SecretBinding(null, "t", "r"));
        assertNotEquals(new SecretBinding("w", "t", "r"), new SecretBinding("w", "t", "r2"));
    }

    static String flip(String base64, int index) {
        byte[] b = Base64.getDecoder().decode(base64);
        int i = index < 0 ? b.length + index : index;
        b[i] ^= 0x01;
        return Base64.getEncoder().encodeToString(b);
    }

    static String truncate(String base64, int length) {
        return Base64.getEncoder().encodeToString(Arrays.copyOf(Base64.getDecoder().decode(base64), length));
    }
}
