package dev.actgate.local;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The set-up every browser end-to-end test shares, as a JUnit extension: when Chromium and the test's npm folder
 * (with playwright-core) are present, a local runtime in a fresh state folder for the class, closed after it; when
 * not, every test of the class is reported skipped with the reason {@link BrowserScript#missing} gives.
 */
final class BrowserRuntime implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
    private final Path npmFolder;
    private final String statePrefix;
    private LocalRuntime runtime;
    private String missing;

    BrowserRuntime(Path npmFolder, String statePrefix) {
        this.npmFolder = npmFolder;
        this.statePrefix = statePrefix;
    }

    LocalRuntime runtime() {
        return runtime;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Path root = LocalPaths.fromWorkingDirectory().root;
        missing = BrowserScript.missing(root, npmFolder, "playwright-core");
        if (missing == null) {
            runtime = LocalRuntime.start(LocalPaths.of(root, Files.createTempDirectory(statePrefix)), "127.0.0.1", 0, 0, null);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        assumeTrue(missing == null, missing);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (runtime != null) {
            runtime.close();
        }
    }
}
