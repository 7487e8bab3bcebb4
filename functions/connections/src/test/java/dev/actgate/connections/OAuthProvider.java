package dev.actgate.connections;

import dev.actgate.shared.testing.TestEgress;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real OAuth2 authorization server (mock-oauth2-server) for one test class, started before the class's own
 * {@code @BeforeAll} (register it as a static {@code @RegisterExtension}) and shut down after its tests. Its token
 * endpoint is on this machine: the egress policy allows exactly its port (docs/ssrf-and-redaction.md).
 */
final class OAuthProvider implements BeforeAllCallback, AfterAllCallback {
    private MockOAuth2Server server;

    @Override
    public void beforeAll(ExtensionContext context) {
        server = new MockOAuth2Server();
        server.start();
        TestEgress.allow(server.url("/").port());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        server.shutdown();
    }

    MockOAuth2Server server() {
        return server;
    }
}
