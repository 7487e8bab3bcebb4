package dev.actgate.act.dialects;

import dev.actgate.shared.errors.ApiException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DialectNamesTest {
    @Test
    void composioSlugsAreUpperSnakeAndMapBack() {
        assertEquals("GITHUB_LIST_REPOS", DialectNames.composioSlug("github-list-repos"));
        assertEquals("CREATE_LEAD", DialectNames.composioSlug("create-lead"));
        assertEquals("CREATE_LEAD", DialectNames.composioSlug("create_lead"));
        assertEquals("A_B", DialectNames.composioSlug("-a..b-"));
        assertEquals(List.of("github-list-repos", "github_list_repos", "GITHUB_LIST_REPOS"),
            DialectNames.composioCandidates("GITHUB_LIST_REPOS"));
    }

    @Test
    void weavzActionNamesDropTheAppPrefixAndUseSnakeCase() {
        assertEquals("list_repos", DialectNames.weavzActionName("github", "github-list-repos"));
        assertEquals("create_lead", DialectNames.weavzActionName("crm", "create-lead"));
        assertEquals("github", DialectNames.weavzActionName("github", "github"), "a name that is only the prefix stays");
        assertTrue(DialectNames.weavzCandidates("github", "list_repos").contains("github-list-repos"));
        assertTrue(DialectNames.weavzCandidates("crm", "create_lead").contains("create-lead"));
    }

    @Test
    void versionsAreRevisions() {
        assertEquals("3.0.0", DialectNames.pipedreamVersion(3));
        assertEquals(3, DialectNames.parsePipedreamVersion("3.0.0"));
        assertEquals(3, DialectNames.parsePipedreamVersion("v3"));
        assertNull(DialectNames.parsePipedreamVersion("latest"));
        assertNull(DialectNames.parsePipedreamVersion(null));
        assertThrows(ApiException.class, () -> DialectNames.parsePipedreamVersion("1.2.0"));
        assertThrows(ApiException.class, () -> DialectNames.parsePipedreamVersion("0.0.0"));
        assertEquals("2", DialectNames.composioVersion(2));
        assertEquals(2, DialectNames.parseComposioVersion("2"));
        assertNull(DialectNames.parseComposioVersion("latest"));
        assertThrows(ApiException.class, () -> DialectNames.parseComposioVersion("20250909_00"));
    }
}
