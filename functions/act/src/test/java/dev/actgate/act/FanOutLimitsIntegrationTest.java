package dev.actgate.act;

import dev.actgate.shared.testing.FunctionHarness;
import dev.actgate.shared.testing.TestUpstream.Reply;
import dev.actgate.shared.testing.TestWorkspaces;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One /act cannot fan out without bound (issue 11): a run and the runs nested in it through membrane.act share one
 * deadline and one cap on upstream requests.
 */
@ActFixtureSettings({"actgate.act.max-upstream-calls=5", "actgate.act.budget-ms=6000", "actgate.upstream.backoff-base-ms=10"})
class FanOutLimitsIntegrationTest extends ActFixtureBase {
    static String tenant;

    @BeforeAll
    static void start() {
        tenant = TestWorkspaces.tenantToken(ws, "fan");
        ActTestSetup.integration(ws, "fan-app", upstream.baseUrl() + "/f", Map.of("type", "bearer"), Map.of("readTimeoutMs", 1500));
        ActTestSetup.connection(ws, "fan", "fan-app", "fan", Map.of("token", "fan-token-123456"), false);
        ActTestSetup.integration(ws, "slow-app", upstream.baseUrl() + "/f", Map.of("type", "bearer"), Map.of("readTimeoutMs", 20000));
        ActTestSetup.connection(ws, "fan", "slow-app", "slow", Map.of("token", "slow-token-123456"), false);
        upstream.on("/f/item", r -> Reply.json(200, "{\"ok\":true}"));
        upstream.on("/f/slow", r -> Reply.json(200, "{\"slow\":true}").delayed(12000));
        upstream.on("/f/wait3", r -> Reply.json(200, "{\"waited\":true}").delayed(3000));
        // The first JavaScript run of a JVM initialises the engine (seconds on a busy machine): do it before measuring.
        for (int i = 0; i < 3; i++) {
            act.request("POST", "/act").bearer(tenant).json(Map.of("connectionKey", "fan", "code", "module.exports = async () => 1")).send();
        }
    }

    @Test
    void upstreamRequestsPerRunAreCappedAcrossNestedRuns() {
        int before = upstream.received("/f/item").size();
        String code = "module.exports = async ({ api, membrane }) => {\n"
            + "  for (let i = 0; i < 3; i++) await api.get('/item');\n"
            + "  for (let i = 0; i < 5; i++) await membrane.act({ connectionKey: 'fan', api: { method: 'GET', path: '/item' } });\n"
            + "  return 'all done';\n}";
        FunctionHarness.Response r = act.request("POST", "/act").bearer(tenant).json(Map.of("connectionKey", "fan", "code", code)).send();
        assertTrue(r.status() >= 400 && r.status() < 500, r.toString());
        assertTrue(r.body().contains("RATE_LIMITED") || r.body().contains("limit of 5 upstream requests"), r.toString());
        assertEquals(5, upstream.received("/f/item").size() - before, "exactly the cap reached the app, nested calls included");
    }

    @Test
    void aNestedRunSharesItsParentsDeadline() {
        // the parent spends 3 s of its 6 s first; a nested run with a fresh 6 s would end near 9 s, a shared one near 6 s
        String code = "module.exports = async ({ api, membrane }) => {\n"
            + "  await api.get('/wait3');\n"
            + "  return membrane.act({ connectionKey: 'slow', api: { method: 'GET', path: '/slow' } });\n}";
        int wait3Before = upstream.received("/f/wait3").size();
        long t0 = System.nanoTime();
        FunctionHarness.Response r = act.request("POST", "/act").bearer(tenant).json(Map.of("connectionKey", "slow", "code", code)).send();
        long took = (System.nanoTime() - t0) / 1_000_000;
        if (took >= 7_800) {
            for (var item : dev.actgate.shared.testing.TestStorage.client().scan(b -> b.tableName(
                dev.actgate.shared.testing.TestStorage.tableNames().runLogs())).items()) {
                if (item.get("pk").s().startsWith(ws.id())) {
                    System.out.println("run log: " + dev.actgate.shared.testing.StoredRunLogs.readable(item).get("s"));
                }
            }
        }
        assertTrue(r.status() >= 400, r.toString());
        assertEquals(1, upstream.received("/f/wait3").size() - wait3Before, "the parent's own call was made");
        assertTrue(took < 7_800, "the /act ended near its own 6 s budget: " + took + " ms, " + r);
        assertTrue(upstream.received("/f/slow").size() <= 1, "no retry after the deadline");
    }
}
