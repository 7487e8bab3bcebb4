package dev.actgate.shared.agents;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ToolNamesTest {
    static AgentTool tool(String name, String identity) {
        return new AgentTool(name, identity, null, "d", JsonNodeFactory.instance.objectNode().put("type", "object"), null,
            AgentTool.Annotations.META_READ, AgentTool.Kind.ACTION, null, false);
    }

    @Test
    void namesAreCleanedAndJoined() {
        assertEquals("github_list-repos", ToolNames.of("github", "list-repos", "x"));
        assertEquals("my_crm_contacts_create", ToolNames.of("my.crm", "contacts:create", "x"));
        assertEquals("_", ToolNames.clean(""));
        assertTrue(ToolNames.VALID.matcher(ToolNames.of("ünï cödé", "a b/c", "x")).matches());
    }

    @Test
    void longNamesAreCutWithAStableHash() {
        String longKey = "a".repeat(80);
        String n1 = ToolNames.of("crm", longKey, "conn_1/key:" + longKey);
        assertEquals(64, n1.length());
        assertTrue(ToolNames.VALID.matcher(n1).matches(), n1);
        assertEquals(n1, ToolNames.of("crm", longKey, "conn_1/key:" + longKey), "stable");
        assertNotEquals(n1, ToolNames.of("crm", longKey, "conn_2/key:" + longKey), "the identity decides the suffix");
    }

    @Test
    void collisionsGetDistinctNamesAndOthersKeepTheirs() {
        List<AgentTool> out = ToolNames.unique(List.of(tool("crm_a_b", "c1/key:a.b"), tool("crm_a_b", "c1/key:a_b"), tool("crm_x", "c1/key:x")));
        Set<String> names = out.stream().map(AgentTool::name).collect(Collectors.toSet());
        assertEquals(3, names.size(), names.toString());
        assertEquals("crm_x", out.get(2).name());
        assertTrue(out.get(0).name().startsWith("crm_a_b_"));
        out.forEach(t -> assertTrue(ToolNames.VALID.matcher(t.name()).matches(), t.name()));
        List<AgentTool> same = ToolNames.unique(List.of(tool("n", "i"), tool("n", "i")));
        assertNotEquals(same.get(0).name(), same.get(1).name(), "even identical identities end up distinct");
    }
}
