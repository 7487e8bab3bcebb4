package dev.actgate.act.dialects;

import dev.actgate.shared.testing.FunctionHarness;
import dev.actgate.shared.testing.TestWorkspaces;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The Membrane SDK's {@code connection(sel).proxy.get('/')} asks for {@code /connections/{sel}/proxy/} (url-join keeps
 * the trailing slash): the app's root path, which used to be actgate's own 404. It now reaches the app, through the
 * same dispatch as every other proxy path.
 */
class ProxyRootIntegrationTest {
    @RegisterExtension
    static final DialectFixture f = new DialectFixture();
    static String alice;

    @BeforeAll
    static void start() {
        alice = TestWorkspaces.tenantToken(f.ws, "alice");
    }

    @Test
    void theRootPathIsProxiedToTheAppsBaseUrl() {
        for (String path : new String[] {"/connections/todo-alice/proxy/", "/connections/todo-alice/proxy"}) {
            f.upstream.reset();
            FunctionHarness.Response r = f.act.request("GET", path).bearer(alice).send();
            assertEquals(200, r.status(), path + " → " + r);
            assertEquals("/v1/", r.json().path("path").asText(), "the echo upstream saw the base URL's root");
            assertEquals(DialectFixture.ALICE_KEY, f.upstream.received().get(0).header("x-api-key"));
        }
        FunctionHarness.Response posted = f.act.request("POST", "/connections/todo-alice/proxy/").bearer(alice).json(Map.of("a", 1)).send();
        assertEquals(200, posted.status(), posted.toString());
        assertEquals("POST", posted.json().path("method").asText());
        assertEquals(404, f.act.request("GET", "/connections/todo-alice/proxy/").bearer(TestWorkspaces.tenantToken(f.ws, "bob")).send()
            .status(), "another tenant's connection stays not found");
    }
}
