package dev.actgate.shared.integrations;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The catalog reads the summary to list and search, and a connector's file only when that connector is used. */
class ConnectorCatalogTest {
    final ConnectorCatalog catalog = new ConnectorCatalog(new ObjectMapper());

    @Test
    void listingAndSearchingParseNoConnectorFile() {
        List<ConnectorSummary> all = catalog.summaries();
        assertEquals(CatalogFiles.index(), all.stream().map(ConnectorSummary::key).toList(), "every indexed connector, in key order");
        ConnectorSummary github = catalog.summary("github").orElseThrow();
        assertEquals("oauth2-authorization-code", github.authType());
        assertEquals(CatalogFiles.read("github").actions().size(), github.actionCount());
        assertEquals(List.of("github"), catalog.search("GitHub", null).stream().map(ConnectorSummary::key).toList());
        assertTrue(catalog.search(null, "crm").stream().allMatch(s -> s.categories().contains("crm")));
        assertTrue(catalog.search(null, "CRM").stream().anyMatch(s -> s.key().equals("hubspot")), "category is case-insensitive");
        assertTrue(catalog.search("issues tracking", null).stream().anyMatch(s -> s.key().equals("jira")), "every word must match somewhere");
        assertEquals(List.of(), catalog.search("no such app anywhere", null));
        assertEquals(0, catalog.loadedCount(), "no connector file was parsed");
    }

    @Test
    void aConnectorIsParsedOnFirstUseOnly() {
        assertTrue(catalog.find("stripe").isPresent());
        assertEquals(1, catalog.loadedCount());
        assertTrue(catalog.find("stripe").isPresent());
        assertEquals(1, catalog.loadedCount(), "kept after the first read");
        assertFalse(catalog.find("nope").isPresent());
        assertFalse(catalog.find(null).isPresent());
        var ref = catalog.findAction("github-create-issue").orElseThrow();
        assertEquals("github", ref.connector().key());
        assertEquals(2, catalog.loadedCount(), "an action id reads only the connector its id starts with");
        assertFalse(catalog.findAction("github-no-such-action").isPresent());
        assertFalse(catalog.findAction("unknown-app-action").isPresent());
        assertEquals(CatalogFiles.index().size(), catalog.list().size());
        assertEquals(CatalogFiles.index().size(), catalog.loadedCount(), "list() is the one call that reads every file");
    }
}
