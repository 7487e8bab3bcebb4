package dev.actgate.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A playwright-core script of one of the browser end-to-end tests ({@code node <script>} in its own npm folder under
 * src/test, driving Debian's headless Chromium), run to its end; what it printed is the test's evidence.
 */
final class BrowserScript {
    private BrowserScript() {
    }

    /** What a script printed: stdout (one JSON line per result) and stderr (for failure messages). */
    record Output(String out, String err) {
        /** The last line of stdout (the scripts print their overall result last), or {@code {}} when there is none. */
        String lastLine() {
            String trimmed = out.trim();
            return trimmed.isEmpty() ? "{}" : trimmed.substring(trimmed.lastIndexOf('\n') + 1);
        }
    }

    /** Why the browser tests of {@code folder} cannot run here, or null when everything they need is there. */
    static String missing(Path root, Path folder, String... npmPackages) {
        String[] reasons = new String[3 + npmPackages.length];
        reasons[0] = Prerequisites.functionArchives(root);
        reasons[1] = Prerequisites.chromium();
        reasons[2] = Prerequisites.node();
        for (int i = 0; i < npmPackages.length; i++) {
            reasons[3 + i] = Prerequisites.npmPackage(folder, npmPackages[i]);
        }
        return Prerequisites.firstMissing(reasons);
    }

    /** Runs {@code node script} in {@code folder} with {@code env} added; fails the test when it does not finish in time. */
    static Output run(Path folder, String script, Map<String, String> env, int timeoutSeconds) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("node", script).directory(folder.toFile()).redirectErrorStream(false);
        pb.environment().putAll(env);
        Process p = pb.start();
        boolean finished = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!finished) {
            p.destroyForcibly();
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(finished, "browser run timed out");
        return new Output(out, err);
    }
}
