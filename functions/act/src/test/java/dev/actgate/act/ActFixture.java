package dev.actgate.act;

import dev.actgate.shared.testing.FunctionHarness;
import dev.actgate.shared.testing.TestUpstream;
import dev.actgate.shared.testing.TestWorkspaces;
import dev.actgate.shared.workspaces.Workspace;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.Map;

/**
 * The act integration tests' fixture, as one JUnit extension: a real HTTP upstream on 127.0.0.1, the real act
 * handler (with the given settings) on DynamoDB Local, and a fresh workspace; closed after the class. Register it
 * as {@code @RegisterExtension static final ActFixture FIXTURE = new ActFixture(Map.of(...));} — it starts before
 * the class's own {@code @BeforeAll}, which then sets up integrations and connections.
 */
final class ActFixture implements BeforeAllCallback, AfterAllCallback {
    private final Map<String, Object> properties;
    private TestUpstream upstream;
    private FunctionHarness act;
    private Workspace workspace;

    ActFixture(Map<String, Object> properties) {
        this.properties = properties;
    }

    ActFixture() {
        this(Map.of());
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        upstream = TestUpstream.start();
        act = properties.isEmpty() ? FunctionHarness.start() : FunctionHarness.start(properties);
        workspace = TestWorkspaces.create();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (act != null) {
            act.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    TestUpstream upstream() {
        return upstream;
    }

    FunctionHarness act() {
        return act;
    }

    Workspace workspace() {
        return workspace;
    }
}
