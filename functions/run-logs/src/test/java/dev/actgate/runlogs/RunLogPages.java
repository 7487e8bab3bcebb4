package dev.actgate.runlogs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actgate.shared.testing.FunctionHarness;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET /action-run-logs} read the way a client pages through it, with the checks every page must pass. */
final class RunLogPages {
    private RunLogPages() {
    }

    static String q(String v) {
        return URLEncoder.encode(v, StandardCharsets.UTF_8);
    }

    /**
     * Every page of {@code /action-run-logs?limit=…&query}, asserting on each: 200, at most {@code limit} summaries
     * (no details), no id served twice, newest first, and a page followed by another is full — unless
     * {@code filteredPagesMayBeShort} and the query filters (a filter over several shards may end a page early).
     *
     * @return the ids in the order served
     */
    static List<String> pageAll(FunctionHarness runLogs, String token, String query, int limit, boolean filteredPagesMayBeShort) {
        List<String> ids = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            String url = "/action-run-logs?limit=" + limit + (query.isEmpty() ? "" : "&" + query)
                + (cursor == null ? "" : "&cursor=" + q(cursor));
            FunctionHarness.Response r = runLogs.request("GET", url).bearer(token).send();
            assertEquals(200, r.status(), url + " → " + r);
            JsonNode items = r.json().path("items");
            assertTrue(items.isArray(), r.toString());
            assertTrue(items.size() <= limit, "page larger than limit " + limit + ": " + url);
            for (JsonNode item : items) {
                String id = item.path("id").asText();
                assertTrue(seen.add(id), "served twice: " + id + " (" + url + ")");
                assertFalse(item.has("details"), "list items are summaries");
                if (!ids.isEmpty()) {
                    assertTrue(id.compareTo(ids.get(ids.size() - 1)) < 0, "newest first: " + id + " after " + ids.get(ids.size() - 1));
                }
                ids.add(id);
            }
            cursor = r.json().path("cursor").isTextual() ? r.json().path("cursor").asText() : null;
            if (cursor != null && !(filteredPagesMayBeShort && !query.isEmpty())) {
                assertEquals(limit, items.size(), "a page that has a next page is full: " + url);
            }
            assertTrue(++pages < 2_000, "the listing ends");
        } while (cursor != null);
        return ids;
    }
}
