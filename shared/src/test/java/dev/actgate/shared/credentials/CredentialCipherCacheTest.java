package dev.actgate.shared.credentials;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CredentialCipherCacheTest {
    private static final byte[] SECRET = "api-key-123".getBytes(StandardCharsets.UTF_8);
    private static final SecretBinding BINDING = new SecretBinding("ws_1", "tenant-a", "conn_1");

    @TempDir
    Path dir;
    LocalMasterKeyProvider local;
    CountingMasterKeyProvider counting;
    final AtomicLong now = new AtomicLong(1_000_000_000L);

    @BeforeEach
    void setUp() {
        local = new LocalMasterKeyProvider(dir.resolve("master.key"));
        counting = new CountingMasterKeyProvider(local);
    }

    private CredentialCipher cipher(int max) {
        return new CredentialCipher(counting, max, CredentialCipher.CACHE_TTL, now::get);
    }

    @Test
    void manyOpensOfOneRecordUnwrapOnce() {
        SealedSecret sealed = new CredentialCipher(local).seal(SECRET, BINDING);
        CredentialCipher warm = cipher(1_000);
        for (int i = 0; i < 50; i++) {
            assertArrayEquals(SECRET, warm.open(sealed, BINDING));
        }
        assertEquals(1, counting.unwrapCalls.get());
    }

    @Test
    void readAfterWriteNeedsNoUnwrap() {
        CredentialCipher c = cipher(1_000);
        SealedSecret sealed = c.seal(SECRET, BINDING);
        assertArrayEquals(SECRET, c.open(sealed, BINDING));
        assertEquals(0, counting.unwrapCalls.get());
        assertEquals(1, counting.newDataKeyCalls.get());
    }

    @Test
    void sealingReusesTheDataKeyOfTheSameBindingForFiveMinutes() {
        CredentialCipher c = cipher(1_000);
        SealedSecret first = c.seal(SECRET, BINDING);
        SealedSecret second = c.seal("rotated-token".getBytes(StandardCharsets.UTF_8), BINDING);
        assertEquals(first.wrappedKey(), second.wrappedKey());
        assertNotEquals(first.nonce(), second.nonce());
        assertEquals(1, counting.newDataKeyCalls.get());

        c.seal(SECRET, new SecretBinding("ws_1", "tenant-a", "conn_2"));
        assertEquals(2, counting.newDataKeyCalls.get());

        now.addAndGet(Duration.ofMinutes(5).toNanos());
        SealedSecret later = c.seal(SECRET, BINDING);
        assertNotEquals(first.wrappedKey(), later.wrappedKey());
        assertEquals(3, counting.newDataKeyCalls.get());
    }

    @Test
    void cachedKeysExpireAfterFiveMinutes() {
        SealedSecret sealed = new CredentialCipher(local).seal(SECRET, BINDING);
        CredentialCipher c = cipher(1_000);
        c.open(sealed, BINDING);
        now.addAndGet(Duration.ofMinutes(5).minusSeconds(1).toNanos());
        c.open(sealed, BINDING);
        assertEquals(1, counting.unwrapCalls.get());
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        c.open(sealed, BINDING);
        assertEquals(2, counting.unwrapCalls.get());
    }

    @Test
    void cacheIsBounded() {
        CredentialCipher sealer = new CredentialCipher(local);
        SealedSecret[] sealed = new SealedSecret[3];
        SecretBinding[] bindings = new SecretBinding[3];
        for (int i = 0; i < 3; i++) {
            bindings[i] = new SecretBinding("ws_1", "tenant-a", "conn_" + i);
            sealed[i] = sealer.seal(SECRET, bindings[i]);
        }
        CredentialCipher c = cipher(2);
        for (int i = 0; i < 3; i++) {
            c.open(sealed[i], bindings[i]);
        }
        assertEquals(3, counting.unwrapCalls.get());
        // A cache of 2 cannot hold 3 keys (Caffeine guarantees the bound, not which key it drops: W-TinyLFU, not strict
        // LRU), so opening all three again misses at least once.
        for (int i = 0; i < 3; i++) {
            c.open(sealed[i], bindings[i]);
        }
        assertTrue(counting.unwrapCalls.get() >= 4, "at most 2 of 3 keys stayed cached: " + counting.unwrapCalls.get());
    }

    @Test
    void cachedKeyIsNotReusedForAnotherBinding() {
        SealedSecret sealed = new CredentialCipher(local).seal(SECRET, BINDING);
        CredentialCipher c = cipher(1_000);
        c.open(sealed, BINDING);
        assertThrows(CredentialsUnavailableException.class,
            () -> c.open(sealed, new SecretBinding("ws_1", "tenant-a", "conn_9")));
        assertEquals(2, counting.unwrapCalls.get());
    }

    @Test
    void expiringCacheIsBoundedAndExpires() {
        ExpiringCache<String, String> cache = new ExpiringCache<>(2, Duration.ofMinutes(1), now::get);
        cache.put("a", "1");
        cache.put("b", "2");
        cache.get("a");
        cache.put("c", "3");
        assertEquals(2, cache.size(), "the size bound holds as soon as the write returns");
        int present = 0;
        for (String k : new String[] {"a", "b", "c"}) {
            present += cache.get(k) == null ? 0 : 1;
        }
        assertEquals(2, present);
        now.addAndGet(Duration.ofMinutes(1).toNanos());
        assertEquals(null, cache.get("a"));
        assertEquals(null, cache.get("c"));
        assertEquals(0, cache.size(), "expired a minute after the write");
    }
}
