package dev.actgate.shared.credentials;

import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Master keys for the local runtime, in a file of {@code keyId=base64key} lines (newest last), created with owner-only
 * permissions on first use. Data keys are wrapped with AES-256-GCM under the newest key, the binding as associated
 * data; unwrapping uses whichever key the record names, so {@link #rotate()} never strands old records.
 * <p>
 * Wrapped key layout: 12-byte nonce, then the GCM ciphertext and tag of the 32-byte data key.
 * Thread-safe; several processes may share the file (creation is atomic, rotation appends under a file lock).
 */
public final class LocalMasterKeyProvider implements MasterKeyProvider {
    private record MasterKey(String id, SecretKeySpec key) {
        @Override
        public String toString() {
            return "MasterKey[id=" + id + "]";
        }
    }

    // FileChannel locks are per JVM, not per thread: two providers on one file in one JVM serialize here first.
    private static final Object JVM_FILE_LOCK = new Object();

    private final Path file;
    private final SecureRandom random = new SecureRandom();
    private List<MasterKey> keys; // newest last; null until first use; guarded by this

    public LocalMasterKeyProvider(Path file) {
        this.file = Objects.requireNonNull(file, "file").toAbsolutePath();
    }

    public Path file() {
        return file;
    }

    /** The id new data keys are wrapped under. */
    public synchronized String currentKeyId() {
        return newest().id();
    }

    @Override
    public DataKey newDataKey(SecretBinding binding) {
        Objects.requireNonNull(binding, "binding");
        MasterKey master;
        synchronized (this) {
            master = newest();
        }
        byte[] dataKey = new byte[Gcm.KEY_BYTES];
        random.nextBytes(dataKey);
        byte[] nonce = new byte[Gcm.NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] sealed = Gcm.encrypt(master.key(), nonce, dataKey, binding.associatedData());
        byte[] wrapped = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
        return new DataKey(dataKey, wrapped, master.id());
    }

    @Override
    public byte[] unwrap(String keyId, byte[] wrappedKey, SecretBinding binding) {
        Objects.requireNonNull(binding, "binding");
        if (keyId == null || wrappedKey == null || wrappedKey.length != Gcm.NONCE_BYTES + Gcm.KEY_BYTES + Gcm.TAG_BYTES) {
            throw new CredentialsUnavailableException("wrapped data key is malformed");
        }
        MasterKey master = find(keyId);
        try {
            return Gcm.decrypt(master.key(), Arrays.copyOf(wrappedKey, Gcm.NONCE_BYTES),
                Arrays.copyOfRange(wrappedKey, Gcm.NONCE_BYTES, wrappedKey.length), binding.associatedData());
        } catch (GeneralSecurityException e) {
            throw new CredentialsUnavailableException(
                "wrapped data key does not open for this record (bound to another record, or altered)");
        }
    }

    /**
     * Appends a new master key and makes it the current one; older keys stay in the file for old records.
     * Returns the new key id.
     */
    public synchronized String rotate() {
        newest(); // the file exists from here on
        synchronized (JVM_FILE_LOCK) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                // Re-read under the lock: another process may have rotated since we loaded.
                List<MasterKey> current = parse(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
                String id = newKeyId(current);
                byte[] raw = new byte[Gcm.KEY_BYTES];
                random.nextBytes(raw);
                StringBuilder line = new StringBuilder();
                long size = channel.size();
                if (size > 0) {
                    ByteBuffer last = ByteBuffer.allocate(1);
                    channel.read(last, size - 1);
                    if (last.get(0) != '\n') {
                        line.append('\n'); // a hand-edited file without a final newline
                    }
                }
                line.append(id).append('=').append(Base64.getEncoder().encodeToString(raw)).append('\n');
                channel.write(ByteBuffer.wrap(line.toString().getBytes(StandardCharsets.UTF_8)), size);
                channel.force(true);
                List<MasterKey> updated = new ArrayList<>(current);
                updated.add(new MasterKey(id, new SecretKeySpec(raw, "AES")));
                Arrays.fill(raw, (byte) 0);
                keys = List.copyOf(updated);
                return id;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot rotate master key file " + file, e);
            }
        }
    }

    private MasterKey newest() {
        if (keys == null) {
            keys = loadOrCreate();
        }
        return keys.get(keys.size() - 1);
    }

    private synchronized MasterKey find(String keyId) {
        newest();
        for (int attempt = 0; attempt < 2; attempt++) {
            for (MasterKey k : keys) {
                if (k.id().equals(keyId)) {
                    return k;
                }
            }
            if (attempt == 0) {
                keys = read(); // another process may have rotated after we loaded
            }
        }
        throw new CredentialsUnavailableException("unknown master key id '" + keyId + "'");
    }

    private List<MasterKey> loadOrCreate() {
        if (Files.exists(file)) {
            return read();
        }
        try {
            Path dir = file.getParent();
            Files.createDirectories(dir);
            boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
            FileAttribute<?>[] ownerOnly = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
            Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp", ownerOnly);
            try {
                byte[] raw = new byte[Gcm.KEY_BYTES];
                random.nextBytes(raw);
                String content = "# actgate local master keys (keyId=base64 AES-256 key), newest last. Keep private.\n"
                    + newKeyId(List.of()) + "=" + Base64.getEncoder().encodeToString(raw) + "\n";
                Arrays.fill(raw, (byte) 0);
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                    ch.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)));
                    ch.force(true);
                }
                publish(tmp);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create master key file " + file, e);
        }
        // Whoever won the race, everyone now reads the same file.
        return read();
    }

    /**
     * Makes the fully written temp file appear at {@link #file} only if nothing is there yet. A hard link is atomic
     * and never replaces (ATOMIC_MOVE would silently replace on POSIX, i.e. a second key file could win over keys
     * already in use). Where hard links are unsupported, a plain move refuses an existing target as well.
     */
    private void publish(Path tmp) throws IOException {
        try {
            Files.createLink(file, tmp);
        } catch (FileAlreadyExistsException lostRace) {
            // another thread or process created it first: use theirs
        } catch (UnsupportedOperationException | FileSystemException noHardLinks) {
            if (Files.exists(file)) {
                return;
            }
            try {
                Files.move(tmp, file);
            } catch (FileAlreadyExistsException lostRace) {
                // as above
            }
        }
    }

    private List<MasterKey> read() {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read master key file " + file, e);
        }
    }

    private List<MasterKey> parse(String content) {
        List<MasterKey> parsed = new ArrayList<>();
        String[] lines = content.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            byte[] raw = null;
            if (eq > 0) {
                try {
                    raw = Base64.getDecoder().decode(line.substring(eq + 1).strip());
                } catch (IllegalArgumentException ignored) {
                    // reported below, without echoing the line
                }
            }
            if (raw == null || raw.length != Gcm.KEY_BYTES) {
                throw new IllegalStateException("master key file " + file + " line " + (i + 1)
                    + " is not keyId=<base64 of 32 bytes>");
            }
            parsed.add(new MasterKey(line.substring(0, eq).strip(), new SecretKeySpec(raw, "AES")));
            Arrays.fill(raw, (byte) 0);
        }
        if (parsed.isEmpty()) {
            throw new IllegalStateException("master key file " + file + " holds no keys");
        }
        return List.copyOf(parsed);
    }

    private String newKeyId(List<MasterKey> existing) {
        while (true) {
            byte[] suffix = new byte[4];
            random.nextBytes(suffix);
            String id = "local-" + HexFormat.of().formatHex(suffix);
            if (existing.stream().noneMatch(k -> k.id().equals(id))) {
                return id;
            }
        }
    }
}
