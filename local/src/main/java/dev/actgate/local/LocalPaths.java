package dev.actgate.local;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the local runtime keeps its state: {@code .actgate/} at the repository root (git-ignored). */
public final class LocalPaths {
    final Path root;
    final Path state;

    LocalPaths(Path root) {
        this(root, root.resolve(".actgate"));
    }

    public static LocalPaths of(Path root, Path state) {
        return new LocalPaths(root, state);
    }

    LocalPaths(Path root, Path state) {
        this.root = root;
        this.state = state;
    }

    public static LocalPaths fromWorkingDirectory() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !(Files.exists(dir.resolve("template.yaml")) && Files.isDirectory(dir.resolve("functions")))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("Run from inside the actgate repository (template.yaml not found)");
        }
        return new LocalPaths(dir);
    }

    Path template() {
        return root.resolve("template.yaml");
    }

    Path dynamoData() {
        return state.resolve("dynamodb");
    }

    Path devState() {
        return state.resolve("dev.properties");
    }

    Path masterKey() {
        return state.resolve("master.key");
    }

    private static final java.util.Set<java.nio.file.attribute.PosixFilePermission> DIR_MODE =
        java.nio.file.attribute.PosixFilePermissions.fromString("rwx------");
    private static final java.util.Set<java.nio.file.attribute.PosixFilePermission> FILE_MODE =
        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------");

    /**
     * Creates the state folder owner-only (0700), and makes it so if it already existed: it holds the database with
     * the workspace secrets, the master key and the demo app's key.
     */
    void ensureState() {
        try {
            Files.createDirectories(state);
            if (posix()) {
                Files.setPosixFilePermissions(state, DIR_MODE);
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Cannot create " + state, e);
        }
    }

    /** Owner-only modes on everything under the state folder: folders 0700, files 0600. */
    void tighten() {
        if (!posix() || !Files.isDirectory(state)) {
            return;
        }
        try (var walk = Files.walk(state)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (Files.isSymbolicLink(p)) {
                    continue;
                }
                Files.setPosixFilePermissions(p, Files.isDirectory(p) ? DIR_MODE : FILE_MODE);
            }
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            throw new IllegalStateException("Cannot restrict the modes under " + state, e);
        }
    }

    /** Opens a file for writing, created 0600 (before any byte is written) where the file system is POSIX. */
    static java.io.OutputStream ownerOnly(Path file) throws java.io.IOException {
        if (posix() && !Files.exists(file)) {
            Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(FILE_MODE));
        } else if (posix()) {
            Files.setPosixFilePermissions(file, FILE_MODE);
        }
        return Files.newOutputStream(file);
    }

    private static boolean posix() {
        return java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
