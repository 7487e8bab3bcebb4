package dev.actgate.act.dialects;

import dev.actgate.shared.testing.FunctionHarness;
import dev.actgate.shared.testing.TestUpstream;
import dev.actgate.shared.testing.TestWorkspaces;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The Membrane SDK's connection doors of {@code ProxyController}: {@code /connections/{sel}/proxy/{path}} for every
 * method it serves (the app's root path included), and {@code /connections/{sel}/api/{path}}, whose body may describe
 * the request.
 */
class ProxyDoorsIntegrationTest {
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

    @ParameterizedTest(name = "{0} /proxy/items")
    @ValueSource(strings = {"GET", "DELETE", "POST", "PUT", "PATCH"})
    void everyMethodIsForwardedWithPathQueryAndBody(String method) {
        f.upstream.reset();
        FunctionHarness.Request request = f.act.request(method, "/connections/todo-alice/proxy/items/42?x=1").bearer(alice);
        boolean withBody = !method.equals("GET") && !method.equals("DELETE");
        FunctionHarness.Response r = (withBody ? request.json(Map.of("n", 7)) : request).send();
        assertEquals(200, r.status(), r.toString());
        TestUpstream.Received sent = f.upstream.received().get(0);
        assertEquals(method, sent.method());
        assertEquals("/v1/items/42", sent.path());
        assertEquals("x=1", sent.rawQuery());
        assertEquals(DialectFixture.ALICE_KEY, sent.header("x-api-key"));
        if (withBody) {
            assertEquals("{\"n\":7}", sent.body());
        }
    }

    @Test
    void theRequestDoorSendsADescribedRequestAsDescribedAndAnythingElseAsAPost() {
        f.upstream.reset();
        FunctionHarness.Response described = f.act.request("POST", "/connections/todo-alice/api/things").bearer(alice)
            .json(Map.of("method", "put", "query", Map.of("q", "z"), "data", Map.of("a", 1))).send();
        assertEquals(200, described.status(), described.toString());
        TestUpstream.Received put = f.upstream.received().get(0);
        assertEquals("PUT", put.method());
        assertEquals("/v1/things", put.path());
        assertEquals("q=z", put.rawQuery());
        assertEquals("{\"a\":1}", put.body());

        f.upstream.reset();
        FunctionHarness.Response plain = f.act.request("POST", "/connections/todo-alice/api/things").bearer(alice)
            .json(Map.of("a", 2)).send();
        assertEquals(200, plain.status(), plain.toString());
        TestUpstream.Received post = f.upstream.received().get(0);
        assertEquals("POST", post.method());
        assertEquals("{\"a\":2}", post.body());
    }
}
