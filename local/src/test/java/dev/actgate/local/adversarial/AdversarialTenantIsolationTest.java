package dev.actgate.local.adversarial;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actgate.shared.testing.TestUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Tenant A owns connections and run logs; tenant B, in the same workspace, tries every read and write route with
 * A's ids and keys (and the same through code and nested act). Every attempt must be a 404 (or, inside code, an
 * error carrying the 404), A's credential must never reach the app on B's behalf, nothing of A's may show up in B's
 * answers, and A's data must be unchanged afterwards.
 */
@ExtendWith(Suite.Extension.class)
class AdversarialTenantIsolationTest {
    static Suite s;
    static Tally.Category cat;
    static long started;
    static String alice;
    static String bob;
    static String aliceKey;
    static String bobKey;
    static JsonNode aliceConn;
    static JsonNode aliceConn2;
    static final List<String> aliceRuns = new ArrayList<>();

    @BeforeAll
    static void setUp() {
        s = Suite.get();
        cat = s.tally.category("tenant-isolation");
        cat.about = "tenant B uses tenant A's connection ids/keys and run ids on every read and write route, through /act, the proxy, action runs and code (expect 404, no upstream call with A's credential, A unchanged)";
        started = System.nanoTime();
        alice = s.tenant("iso-alice");
        bob = s.tenant("iso-bob");
        aliceKey = "alice-secret-" + Suite.SEED + "-x9";
        bobKey = "bob-secret-" + Suite.SEED + "-y7";
        s.ensureIntegration(s.manager(), "iso-app", s.canary.baseUrl() + "/iso");
        aliceConn = s.createConnection(alice, "iso-app", "alice-main", aliceKey);
        aliceConn2 = s.createConnection(alice, "iso-app", "alice-archived", aliceKey);
        s.call("DELETE", "/connections/alice-archived", alice, null);
        s.createConnection(bob, "iso-app", "bob-main", bobKey);
        // A's run logs: a success, an upstream failure, a code run.
        s.canary.on("/iso/missing", r -> TestUpstream.Reply.json(404, "{\"error\":\"nope\"}"));
        for (Object body : List.of(
            Map.of("connectionKey", "alice-main", "api", Map.of("method", "GET", "path", "/items")),
            Map.of("connectionKey", "alice-main", "api", Map.of("method", "GET", "path", "/missing")),
            Map.of("connectionKey", "alice-main", "code", "module.exports = async ({ api }) => (await api.get('/items')).path"))) {
            RawHttp.Response r = s.call("POST", "/act", alice, body);
            String run = r.json().path("actionRunId").asText(null);
            if (run == null) {
                throw new IllegalStateException("setup: alice's /act gave no run id: " + r.describe(500));
            }
            aliceRuns.add(run);
        }
    }

    @AfterAll
    static void report() {
        cat.millis = (System.nanoTime() - started) / 1_000_000;
        System.out.println(cat.report());
    }

    int aliceUpstreamCalls() {
        return (int) s.canary.received("/iso").stream().filter(r -> aliceKey.equals(r.header("x-api-key"))).count();
    }

    /** A's state as A sees it: each connection and each run log, verbatim. */
    String aliceSnapshot() {
        StringBuilder b = new StringBuilder();
        for (String sel : List.of(aliceConn.path("id").asText(), aliceConn2.path("id").asText())) {
            b.append(s.call("GET", "/connections/" + sel, alice, null).body()).append('\n');
        }
        for (String run : aliceRuns) {
            b.append(s.call("GET", "/action-run-logs/" + run + "/details", alice, null).body()).append('\n');
        }
        b.append(s.call("GET", "/connections?includeArchived=true", alice, null).body());
        return b.toString();
    }

    void attempt(String label, RawHttp.Request req) {
        int before = aliceUpstreamCalls();
        RawHttp.Response res = s.send(req);
        String problem = Suite.expectStatus(res, 404);
        if (problem != null && res.status() == 422 && res.json().path("type").asText().equals("custom_code")) {
            // Inside code the 404 arrives as the error the code did not catch.
            String msg = res.json().path("message").asText() + res.json().path("data").toString();
            problem = msg.contains("404") || msg.toLowerCase().contains("not found") ? null
                : "custom code error without the 404: " + RawHttp.cap(msg, 300);
        }
        if (problem == null) {
            problem = leak(res);
        }
        int after = aliceUpstreamCalls();
        if (problem == null && after != before) {
            problem = (after - before) + " upstream call(s) made with tenant A's credential";
        }
        cat.record("B uses A's " + label, req, res, problem);
    }

    /** A listing B gets may only hold B's things: B's tenant, B's connections, none of A's run ids or secrets. */
    static String listingLeak(JsonNode page) {
        for (JsonNode item : page.path("items")) {
            String tenantId = item.path("tenantId").asText(item.path("tenantKey").asText("iso-bob"));
            if (!tenantId.equals("iso-bob")) {
                return "item of tenant '" + tenantId + "' in B's listing: " + RawHttp.cap(item.toString(), 200);
            }
            if (aliceRuns.contains(item.path("id").asText()) || item.path("key").asText().startsWith("alice")
                || item.path("id").asText().equals(aliceConn.path("id").asText())) {
                return "A's connection or run in B's listing: " + RawHttp.cap(item.toString(), 200);
            }
            if (item.toString().contains(aliceKey)) {
                return "A's credential in B's listing";
            }
        }
        return null;
    }

    static String leak(RawHttp.Response res) {
        String body = res.body();
        if (body.contains(aliceKey)) {
            return "A's credential appears in B's response";
        }
        for (String id : List.of(aliceConn.path("id").asText(), aliceConn2.path("id").asText())) {
            if (body.contains(id) && !body.contains("'" + id + "'") && !body.contains("\"" + id + "\"")) {
                return "A's connection id appears in B's response outside an echo of the selector";
            }
        }
        for (String run : aliceRuns) {
            if (body.contains("iso-alice") || (body.contains(run) && body.contains("\"output\""))) {
                return "A's run data appears in B's response";
            }
        }
        return null;
    }

    @Test
    void tenantBCannotReachTenantAsConnectionsRunsOrLogs() {
        int base = cat.failures.get();
        String snapshot = aliceSnapshot();
        List<String> selectors = List.of(aliceConn.path("id").asText(), "alice-main", aliceConn2.path("id").asText(), "alice-archived",
            aliceConn.path("id").asText().toUpperCase().replace("CONN_", "conn_"));
        Map<String, Object> patch = Map.of("name", "pwned by bob", "isDefault", true);
        Map<String, Object> put = Map.of("integrationKey", "iso-app", "name", "pwned", "credentials", Map.of("apiKey", bobKey));
        Map<String, Object> getItems = Map.of("method", "GET", "path", "/items");
        for (String sel : selectors) {
            attempt("connection GET " + sel, RawHttp.Request.of("GET", "/connections/" + sel).bearer(bob));
            attempt("connection PATCH " + sel, RawHttp.Request.of("PATCH", "/connections/" + sel).bearer(bob).json(patch));
            attempt("connection PUT " + sel, RawHttp.Request.of("PUT", "/connections/" + sel).bearer(bob).json(put));
            attempt("connection DELETE " + sel, RawHttp.Request.of("DELETE", "/connections/" + sel).bearer(bob));
            attempt("connection restore " + sel, RawHttp.Request.of("POST", "/connections/" + sel + "/restore").bearer(bob));
            attempt("connection refresh " + sel, RawHttp.Request.of("POST", "/connections/" + sel + "/refresh").bearer(bob));
            attempt("connection refresh-credentials " + sel, RawHttp.Request.of("POST", "/connections/" + sel + "/refresh-credentials").bearer(bob));
            boolean isId = sel.startsWith("conn_");
            attempt("/act api with " + sel, RawHttp.Request.of("POST", "/act").bearer(bob)
                .json(Map.of(isId ? "connectionId" : "connectionKey", sel, "api", getItems)));
            attempt("/act code with " + sel, RawHttp.Request.of("POST", "/act").bearer(bob)
                .json(Map.of(isId ? "connectionId" : "connectionKey", sel, "code", "module.exports = async ({ api }) => api.get('/items')")));
            attempt("/act catalog id with " + sel, RawHttp.Request.of("POST", "/act").bearer(bob)
                .json(Map.of(isId ? "connectionId" : "connectionKey", sel, "id", "github-get-user")));
            attempt("/act key with " + sel, RawHttp.Request.of("POST", "/act").bearer(bob)
                .json(Map.of(isId ? "connectionId" : "connectionKey", sel, "key", "some-action")));
            for (String method : List.of("GET", "POST", "PUT", "PATCH", "DELETE")) {
                RawHttp.Request req = RawHttp.Request.of(method, "/connections/" + sel + "/proxy/items?x=1").bearer(bob);
                attempt("proxy " + method + " " + sel, method.equals("GET") || method.equals("DELETE") ? req : req.json("{\"a\":1}"));
            }
            attempt("connection action run " + sel, RawHttp.Request.of("POST", "/connections/" + sel + "/actions/get-user/run").bearer(bob).json("{}"));
            attempt("legacy action run with " + sel, RawHttp.Request.of("POST", "/actions/get-user/run?" + (isId ? "connectionId=" : "connectionKey=") + sel)
                .bearer(bob).json("{}"));
            // Through B's own connection, code tries to hop to A's.
            attempt("membrane.connection(" + sel + ").proxy in code", RawHttp.Request.of("POST", "/act").bearer(bob).json(Map.of(
                "connectionKey", "bob-main", "code", "module.exports = async ({ membrane }) => membrane.connection('" + sel + "').proxy.get('/items')")));
            attempt("membrane.act with " + sel + " in code", RawHttp.Request.of("POST", "/act").bearer(bob).json(Map.of(
                "connectionKey", "bob-main", "code", "module.exports = async ({ membrane }) => membrane.act({" + (isId ? "connectionId" : "connectionKey")
                    + ": '" + sel + "', api: {method: 'GET', path: '/items'}})")));
        }
        for (String run : aliceRuns) {
            attempt("run log " + run, RawHttp.Request.of("GET", "/action-run-logs/" + run).bearer(bob));
            attempt("run log ?includeDetails " + run, RawHttp.Request.of("GET", "/action-run-logs/" + run + "?includeDetails=true").bearer(bob));
            attempt("run log details " + run, RawHttp.Request.of("GET", "/action-run-logs/" + run + "/details").bearer(bob));
        }

        // Listing and searching never shows A's things to B.
        for (String path : List.of("/connections", "/connections?includeArchived=true", "/connections?integrationKey=iso-app",
            "/connections?search=alice", "/action-run-logs", "/action-run-logs?connectionId=" + aliceConn.path("id").asText(),
            "/action-run-logs?connectionKey=alice-main", "/action-run-logs?limit=1000")) {
            RawHttp.Request req = RawHttp.Request.of("GET", path).bearer(bob);
            RawHttp.Response res = s.send(req);
            String problem = Suite.expectStatus(res, 200, 400);
            if (problem == null && res.status() == 200) {
                problem = listingLeak(res.json());
            }
            cat.record("B lists " + path, req, res, problem);
        }
        RawHttp.Request find = RawHttp.Request.of("POST", "/act").bearer(bob).json(Map.of("connectionKey", "bob-main",
            "code", "module.exports = async ({ membrane }) => membrane.connections.find({ limit: 1000 })"));
        RawHttp.Response found = s.send(find);
        cat.record("membrane.connections.find in B's code", find, found, found.status() != 200 ? "expected 200, got " + found.status()
            : found.body().contains("alice") ? "B's code lists A's connections" : null);

        // B's own run logs (the failed attempts above) must not carry A's secret either.
        RawHttp.Response bobLogs = s.call("GET", "/action-run-logs?limit=1000", bob, null);
        boolean clean = true;
        for (JsonNode item : bobLogs.json().path("items")) {
            String details = s.call("GET", "/action-run-logs/" + item.path("id").asText() + "/details", bob, null).body();
            clean &= !details.contains(aliceKey);
        }
        cat.check("B's run logs never contain A's credential", clean, "A's api key found in one of B's run log details");

        String after = aliceSnapshot();
        cat.check("A's connections and run logs unchanged after B's attempts", snapshot.equals(after),
            "before:\n" + RawHttp.cap(snapshot, 1500) + "\nafter:\n" + RawHttp.cap(after, 1500));
        // And A still works (control).
        RawHttp.Request ok = RawHttp.Request.of("POST", "/act").bearer(alice).json(Map.of("connectionKey", "alice-main",
            "api", Map.of("method", "GET", "path", "/items")));
        RawHttp.Response okRes = s.send(ok);
        cat.record("control: A still uses its connection", ok, okRes, Suite.expectStatus(okRes, 200));
        cat.assertNoNewFailures(base);
    }
}
