package dev.actgate.act;

import dev.actgate.shared.testing.FunctionHarness;
import dev.actgate.shared.testing.TestUpstream;
import dev.actgate.shared.testing.TestWorkspaces;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The act integration tests' fixture, as one JUnit extension (registered by {@link ActFixtureBase}): before the
 * class, a real HTTP upstream on 127.0.0.1, the real act handler on DynamoDB Local with the class's
 * {@link ActFixtureSettings}, and a fresh workspace, handed to the class as {@code act}, {@code upstream} and {@code ws};
 * all closed after the class. It runs before the class's own {@code @BeforeAll}, which then sets up integrations and
 * connections.
 */
final class ActFixture implements BeforeAllCallback, AfterAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        if (ActFixtureBase.act != null) {
            // The fixture is one per JVM at a time: test classes of this module run one after the other.
            throw new IllegalStateException("Another act test class still holds the fixture; run act test classes one at a time");
        }
        ActFixtureBase.upstream = TestUpstream.start();
        Map<String, Object> properties = settings(context.getRequiredTestClass());
        ActFixtureBase.act = properties.isEmpty() ? FunctionHarness.start() : FunctionHarness.start(properties);
        ActFixtureBase.ws = TestWorkspaces.create();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (ActFixtureBase.act != null) {
            ActFixtureBase.act.close();
        }
        if (ActFixtureBase.upstream != null) {
            ActFixtureBase.upstream.close();
        }
        ActFixtureBase.act = null;
        ActFixtureBase.upstream = null;
        ActFixtureBase.ws = null;
    }

    /** The {@code name=value} entries of the class's {@link ActFixtureSettings}, as application properties. */
    static Map<String, Object> settings(Class<?> testClass) {
        Map<String, Object> out = new LinkedHashMap<>();
        ActFixtureSettings settings = testClass.getAnnotation(ActFixtureSettings.class);
        if (settings == null) {
            return out;
        }
        for (String entry : settings.value()) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("@ActFixtureSettings entries are name=value, not '" + entry + "'");
            }
            out.put(entry.substring(0, eq), entry.substring(eq + 1));
        }
        return out;
    }
}
