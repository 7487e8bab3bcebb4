package dev.actgate.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * What the end-to-end tests need from the machine, each as the short reason a test is skipped for when it is
 * missing (scripts/test prints these reasons in its summary). A class checks once in {@code @BeforeAll} and then
 * assumes in {@code @BeforeEach}, so every one of its tests is reported skipped, with the reason and the count.
 */
final class Prerequisites {
    private Prerequisites() {
    }

    static String functionArchives(Path root) {
        return Files.isDirectory(root.resolve("functions/act/target/lambda/lib")) ? null
            : "function archives not built (run scripts/test, or mvn -DskipTests package first)";
    }

    static String chromium() {
        String path = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
        return Files.isExecutable(Path.of(path)) ? null
            : "no Chromium at " + path + " (Debian's chromium package; scripts/test installs it when run as root)";
    }

    static String node() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "node"))) {
                return null;
            }
        }
        return "no node on PATH";
    }

    static String npmPackage(Path project, String name) {
        return Files.isDirectory(project.resolve("node_modules").resolve(name)) ? null
            : "no npm package " + name + " in " + project + " (scripts/test runs npm ci there)";
    }

    /** The first missing prerequisite's reason, or null when all are there. */
    static String firstMissing(String... reasons) {
        return Arrays.stream(reasons).filter(Objects::nonNull).findFirst().orElse(null);
    }
}
