package dev.actgate.shared.credentials;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class LocalMasterKeyProviderTest {
    private static final byte[] SECRET = "xoxb-slack-bot-token".getBytes(StandardCharsets.UTF_8);
    private static final SecretBinding BINDING = new SecretBinding("ws_1", "tenant-a", "conn_1");

    @TempDir
    Path dir;

    private static List<String> keyLines(Path file) throws IOException {
        return Files.readAllLines(file).stream().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
    }

    @Test
    void keyFileIsCreatedOnFirstUseOwnerOnly() throws IOException {
        Path file = dir.resolve("nested/dir/master.key");
        LocalMasterKeyProvider provider = new LocalMasterKeyProvider(file);
        assertFalse(Files.exists(file), "nothing happens before first use");
        String keyId = provider.currentKeyId();
        assertTrue(keyId.startsWith("local-"), keyId);
        assertEquals(1, keyLines(file).size());
        assertTrue(keyLines(file).get(0).startsWith(keyId + "="));
        assumeTrue(file.getFileSystem().supportedFileAttributeViews().contains("posix"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void keyFileIsReusedAcrossProviderInstances() throws IOException {
        Path file = dir.resolve("master.key");
        SealedSecret sealed = new CredentialCipher(new LocalMasterKeyProvider(file)).seal(SECRET, BINDING);
        String before = Files.readString(file);

        LocalMasterKeyProvider second = new LocalMasterKeyProvider(file);
        assertArrayEquals(SECRET, new CredentialCipher(second).open(sealed, BINDING));
        assertEquals(sealed.keyId(), second.currentKeyId());
        assertEquals(before, Files.readString(file));
    }

    @Test
    void rotationKeepsOldRecordsReadableAndSealsNewOnesWithTheNewKey() throws IOException {
        Path file = dir.resolve("master.key");
        LocalMasterKeyProvider provider = new LocalMasterKeyProvider(file);
        SealedSecret old = new CredentialCipher(provider).seal(SECRET, BINDING);

        String newId = provider.rotate();
        assertNotEquals(old.keyId(), newId);
        assertEquals(newId, provider.currentKeyId());
        List<String> lines = keyLines(file);
        assertEquals(2, lines.size());
        assertTrue(lines.get(1).startsWith(newId + "="), "newest last");

        SealedSecret fresh = new CredentialCipher(provider).seal(SECRET, new SecretBinding("ws_1", "tenant-a", "conn_2"));
        assertEquals(newId, fresh.keyId());

        LocalMasterKeyProvider restarted = new LocalMasterKeyProvider(file);
        assertEquals(newId, restarted.currentKeyId());
        CredentialCipher cipher = new CredentialCipher(restarted);
        assertArrayEquals(SECRET, cipher.open(old, BINDING));
        assertArrayEquals(SECRET, cipher.open(fresh, new SecretBinding("ws_1", "tenant-a", "conn_2")));
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
    }

    @Test
    void keyAddedByAnotherProcessIsPickedUpWhenARecordNamesIt() {
        Path file = dir.resolve("master.key");
        LocalMasterKeyProvider a = new LocalMasterKeyProvider(file);
        a.currentKeyId(); // loaded before the rotation below
        LocalMasterKeyProvider b = new LocalMasterKeyProvider(file);
        String newId = b.rotate();
        SealedSecret sealed = new CredentialCipher(b).seal(SECRET, BINDING);
        assertEquals(newId, sealed.keyId());
        assertArrayEquals(SECRET, new CredentialCipher(a).open(sealed, BINDING));
    }

    @Test
    void unwrapWithAnotherBindingOrTamperedKeyFails() {
        LocalMasterKeyProvider provider = new LocalMasterKeyProvider(dir.resolve("master.key"));
        DataKey dk = provider.newDataKey(BINDING);
        assertArrayEquals(dk.plaintextKey(), provider.unwrap(dk.keyId(), dk.wrappedKey(), BINDING));
        assertThrows(CredentialsUnavailableException.class,
            () -> provider.unwrap(dk.keyId(), dk.wrappedKey(), new SecretBinding("ws_1", "tenant-a", "conn_2")));
        byte[] tampered = dk.wrappedKey().clone();
        tampered[tampered.length - 1] ^= 1;
        assertThrows(CredentialsUnavailableException.class, () -> provider.unwrap(dk.keyId(), tampered, BINDING));
        assertThrows(CredentialsUnavailableException.class, () -> provider.unwrap("local-nope", dk.wrappedKey(), BINDING));
        assertThrows(CredentialsUnavailableException.class, () -> provider.unwrap(dk.keyId(), new byte[5], BINDING));
    }

    @Test
    void threadsRacingOnFirstUseEndWithOneKey() throws Exception {
        Path file = dir.resolve("race/master.key");
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 5; round++) {
                Path roundFile = file.resolveSibling("master-" + round + ".key");
                LocalMasterKeyProvider shared = new LocalMasterKeyProvider(roundFile);
                CountDownLatch start = new CountDownLatch(1);
                List<Future<String>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    // half share one instance, half have their own (as separate processes would)
                    LocalMasterKeyProvider p = t % 2 == 0 ? shared : new LocalMasterKeyProvider(roundFile);
                    results.add(pool.submit(() -> {
                        start.await();
                        DataKey dk = p.newDataKey(BINDING);
                        return dk.keyId();
                    }));
                }
                start.countDown();
                Set<String> ids = new HashSet<>();
                for (Future<String> f : results) {
                    ids.add(f.get());
                }
                assertEquals(1, ids.size(), "one key id across all threads");
                assertEquals(1, keyLines(roundFile).size());
                assertTrue(keyLines(roundFile).get(0).startsWith(ids.iterator().next() + "="));
            }
            try (Stream<Path> left = Files.list(file.getParent())) {
                assertTrue(left.allMatch(p -> p.getFileName().toString().endsWith(".key")), "no temp files left");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void malformedKeyFileIsReportedWithoutEchoingIt() throws IOException {
        Path file = dir.resolve("master.key");
        Files.writeString(file, "# comment\nlocal-1=dG9vLXNob3J0LXNlY3JldA==\n");
        IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> new LocalMasterKeyProvider(file).currentKeyId());
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        assertFalse(e.getMessage().contains("dG9v"), e.getMessage());

        Files.writeString(file, "# only a comment\n");
        assertThrows(IllegalStateException.class, () -> new LocalMasterKeyProvider(file).currentKeyId());
    }

    @Test
    void handWrittenFileWithoutFinalNewlineSurvivesRotation() throws IOException {
        Path file = dir.resolve("master.key");
        Files.writeString(file, "mine=" + java.util.Base64.getEncoder().encodeToString(new byte[32]));
        LocalMasterKeyProvider provider = new LocalMasterKeyProvider(file);
        assertEquals("mine", provider.currentKeyId());
        String newId = provider.rotate();
        assertEquals(List.of("mine", newId), keyLines(file).stream().map(l -> l.substring(0, l.indexOf('='))).toList());
        assertEquals(newId, new LocalMasterKeyProvider(file).currentKeyId());
    }
}
