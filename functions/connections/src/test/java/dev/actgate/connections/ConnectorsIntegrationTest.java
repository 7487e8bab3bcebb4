package dev.actgate.connections;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actgate.shared.integrations.ConnectorCatalog;
import dev.actgate.shared.testing.FunctionHarness;
import dev.actgate.shared.testing.TestWorkspaces;
import dev.actgate.shared.testing.WithFunctionHarness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GET /connectors through the connections handler: compact summaries, search, category filter and cursor pages. */
class ConnectorsIntegrationTest extends WithFunctionHarness {
    static String tenant;
    static int total;

    @BeforeAll
    static void start() {
        tenant = TestWorkspaces.tenantToken(ws, "erin");
        total = fn.context().getBean(ConnectorCatalog.class).summaries().size();
    }

    JsonNode get(String pathAndQuery) {
        FunctionHarness.Response r = fn.request("GET", pathAndQuery).bearer(tenant).send();
        assertEquals(200, r.status(), r.toString());
        return r.json();
    }

    @Test
    void theListIsCompactAndTheCatalogIsLoadedLazily() {
        JsonNode all = get("/connectors?limit=1000");
        assertEquals(total, all.path("items").size(), "one page of the largest size holds the whole catalog");
        assertFalse(all.has("cursor"));
        JsonNode first = get("/connectors");
        assertEquals(Math.min(total, 100), first.path("items").size(), "the default page holds 100");
        assertEquals(total > 100, first.hasNonNull("cursor"), "and says when there is more");
        JsonNode github = null;
        for (JsonNode i : all.path("items")) {
            assertFalse(i.has("actions"), "list items are summaries: " + i);
            if (i.path("key").asText().equals("github")) {
                github = i;
            }
        }
        assertTrue(github != null && github.path("actionCount").asInt() > 0 && github.path("auth").path("type").asText().equals("oauth2-authorization-code"),
            String.valueOf(github));
        assertTrue(github.path("categories").isArray() && github.hasNonNull("name") && github.hasNonNull("description"));
        JsonNode full = get("/connectors/github");
        assertEquals(github.path("actionCount").asInt(), full.path("actions").size(), "the full connector has its actions");
        assertEquals(404, fn.request("GET", "/connectors/no-such-app").bearer(tenant).send().status());
        assertEquals(401, fn.request("GET", "/connectors").send().status());
    }

    @Test
    void offeringCatalogConnectorsAsIntegrationsReadsOnlyTheSummary() {
        ConnectorCatalog catalog = fn.context().getBean(ConnectorCatalog.class);
        int before = catalog.loadedCount();
        JsonNode offered = get("/integrations?connectors=1");
        JsonNode slack = null;
        for (JsonNode i : offered.path("items")) {
            if (i.path("key").asText().equals("slack")) {
                slack = i;
            }
        }
        assertTrue(slack != null && slack.path("isSynthetic").asBoolean() && slack.path("scopes").size() > 0, offered.toString());
        assertEquals("oauth2-authorization-code", slack.path("authType").asText());
        assertEquals(before, catalog.loadedCount(), "no connector file parsed to offer the catalog");
    }

    @Test
    void searchAndCategory() {
        List<String> crm = keys(get("/connectors?category=crm"));
        assertTrue(crm.contains("hubspot") && crm.contains("salesforce") && !crm.contains("github"), crm.toString());
        assertEquals(List.of("slack"), keys(get("/connectors?search=slack")));
        assertTrue(keys(get("/connectors?search=issue+tracking")).contains("jira"));
        assertTrue(keys(get("/connectors?search=crm&category=sales")).contains("hubspot"));
        assertEquals(List.of(), keys(get("/connectors?search=definitely-not-an-app")));
        assertEquals(List.of(), keys(get("/connectors?category=no-such-category")));
    }

    @Test
    void cursorPagesCoverTheCatalogOnceInOrder() {
        List<String> seen = new ArrayList<>();
        String cursor = "0";
        int pages = 0;
        while (cursor != null) {
            JsonNode page = get("/connectors?limit=3&cursor=" + cursor);
            assertTrue(page.path("items").size() <= 3);
            seen.addAll(keys(page));
            cursor = page.path("cursor").asText(null);
            pages++;
            assertTrue(pages <= total, "pages end");
        }
        assertEquals(keys(get("/connectors?limit=1000")), seen, "every connector once, in the list's order");
        assertEquals((total + 2) / 3, pages);
        JsonNode last = get("/connectors?limit=" + total);
        assertNull(last.path("cursor").asText(null));
        for (String bad : List.of("limit=0", "limit=1001", "limit=ten", "cursor=not-a-cursor", "cursor=b2Zmc2V0Oi0x")) {
            FunctionHarness.Response r = fn.request("GET", "/connectors?" + bad).bearer(tenant).send();
            assertEquals(400, r.status(), bad + ": " + r);
            assertEquals("VALIDATION_ERROR", r.json().path("code").asText(), bad);
        }
    }

    static List<String> keys(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.path("items").forEach(i -> out.add(i.path("key").asText()));
        return out;
    }
}
