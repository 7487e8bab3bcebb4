package dev.actgate.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The approval loop as people meet it, over real HTTP against the local runtime: a policy holds a POST to the demo
 * to-do app (202 with approvalUrl), a person opens the link in headless Chromium at phone size and taps Approve,
 * the caller's retry with the same idempotency key creates the to-do exactly once, and the link does not work a
 * second time. Needs Chromium and the npm package of src/test/approvals; skipped, and said so, where missing.
 */
class ApprovalBrowserEndToEndTest {
    static final Path FOLDER = Path.of("src/test/approvals");
    static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final BrowserRuntime browser = new BrowserRuntime(FOLDER, "actgate-approvals");

    record Reply(int status, Map<String, String> headers, JsonNode body) {
    }

    static Reply call(String method, String path, String token, Object body, String idempotencyKey) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + browser.runtime().port() + path))
            .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (idempotencyKey != null) {
            b.header("Idempotency-Key", idempotencyKey);
        }
        HttpResponse<String> r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
        Map<String, String> headers = new java.util.HashMap<>();
        r.headers().map().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
        return new Reply(r.statusCode(), headers, r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body()));
    }

    static JsonNode browser(String approvalUrl) throws Exception {
        BrowserScript.Output run = BrowserScript.run(FOLDER, "approve.mjs", Map.of("APPROVAL_URL", approvalUrl), 90);
        JsonNode result = JSON.readTree(run.lastLine());
        assertTrue(result.path("ok").asBoolean(), "browser run: " + run.out() + "\n" + run.err());
        return result;
    }

    int todos(String tenant) throws Exception {
        Reply r = call("POST", "/act", tenant, Map.of("connectionKey", "demo-todos", "api", Map.of("method", "GET", "path", "/todos")), null);
        assertEquals(200, r.status(), r.body().toString());
        return r.body().path("output").path("items").size();
    }

    @Test
    void approveInThePhoneBrowserThenTheRetryRunsOnceAndTheLinkIsSpent() throws Exception {
        String manager = browser.runtime().token(null, true);
        String tenant = browser.runtime().token("default", false);
        Reply rule = call("POST", "/approval-policies", manager, Map.of("name", "New to-dos need a person",
            "match", Map.of("method", "POST", "path", "/todos"), "decision", "require_approval"), null);
        assertEquals(201, rule.status(), rule.body().toString());
        int before = todos(tenant);

        Map<String, Object> create = Map.of("connectionKey", "demo-todos",
            "api", Map.of("method", "POST", "path", "/todos", "body", Map.of("title", "Pay the supplier")));
        Reply held = call("POST", "/act", tenant, create, null);
        assertEquals(202, held.status(), held.body().toString());
        assertEquals("approval_required", held.body().path("status").asText());
        JsonNode approval = held.body().path("approval");
        String url = approval.path("approvalUrl").asText();
        String key = approval.path("retry").path("idempotencyKey").asText();
        assertTrue(url.startsWith("http://localhost:" + browser.runtime().port() + "/screens/approval/apr_"), url);
        assertEquals(before, todos(tenant), "nothing was created while waiting");

        JsonNode run = browser(url);
        JsonNode first = run.path("first");
        assertEquals(200, first.path("status").asInt());
        assertEquals("Approve this action?", first.path("heading").asText());
        assertTrue(first.path("text").asText().contains("Pay the supplier"), first.toString());
        assertTrue(first.path("text").asText().contains("POST /todos"), first.toString());
        assertTrue(first.path("text").asText().contains("New to-dos need a person"), first.toString());
        assertFalse(first.path("overflow").asBoolean(), "nothing sticks out sideways at 390 px");
        assertEquals(2, first.path("buttons").size());
        for (JsonNode b : first.path("buttons")) {
            assertTrue(b.path("visible").asBoolean() && b.path("height").asInt() >= 44, "tappable button: " + b);
        }
        assertEquals("Approved", run.path("decided").path("heading").asText());
        assertEquals(404, run.path("again").path("status").asInt(), "the link does not work twice");
        assertTrue(run.path("again").path("text").asText().contains("already used"), run.path("again").toString());
        assertEquals(0, run.path("again").path("buttons").asInt());

        JsonNode decided = call("GET", "/approvals/" + approval.path("id").asText(), manager, null, null).body();
        assertEquals("approved", decided.path("status").asText());
        assertEquals("approval link (Dana from finance)", decided.path("decision").path("by").asText());
        assertEquals("Looks right", decided.path("decision").path("comment").asText());

        Reply retry = call("POST", "/act", tenant, create, key);
        assertEquals(200, retry.status(), retry.body().toString());
        assertEquals("Pay the supplier", retry.body().path("output").path("title").asText());
        Reply replay = call("POST", "/act", tenant, create, key);
        assertEquals(200, replay.status());
        assertEquals("true", replay.headers().get("idempotent-replayed"));
        assertEquals(before + 1, todos(tenant), "created exactly once");
        assertEquals("consumed", call("GET", "/approvals/" + approval.path("id").asText(), manager, null, null).body().path("status").asText());
    }
}
