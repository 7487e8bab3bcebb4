package dev.actgate.local;

import dev.actgate.shared.workspaces.Workspace;

import java.util.List;

/** The demo upstream and its seeded integration and connection (filled in with the /act engine). */
final class LocalDemo {
    record Seeded(String curl) {
    }

    private LocalDemo() {
    }

    static List<Seeded> start(LocalPaths paths, LocalStorage storage, Workspace workspace) {
        return List.of();
    }

    static void stop() {
    }
}
