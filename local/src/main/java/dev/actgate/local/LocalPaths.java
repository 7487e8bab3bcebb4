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
}
