package dev.actgate.shared.agents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.actgate.shared.actions.ActionDefinition;
import dev.actgate.shared.actions.ActionView;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ToolAnnotationsTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static ActionView action(String id, String type, String method, Boolean idempotent) throws Exception {
        ObjectNode config = (ObjectNode) JSON.readTree("{\"request\":{\"method\":\"" + method + "\",\"path\":\"/x\"}}");
        return new ActionView(id, null, id.replace('-', ' '), null, type, "READY", "catalog", null, null, null, null, null, "app", "app",
            config, null, null, idempotent, null, 1, null, null, null, null);
    }

    static AgentTool.Annotations of(ActionView v, String raw) throws Exception {
        JsonNode r = raw == null ? null : JSON.readTree(raw);
        return ToolCatalog.annotations(v, r);
    }

    @Test
    void fromMethodIdempotenceAndTheDeclaredReadOnlyField() throws Exception {
        String api = ActionDefinition.API_REQUEST;
        assertEquals(new AgentTool.Annotations(true, false, true, true), of(action("app-get-user", api, "GET", null), null));
        assertEquals(new AgentTool.Annotations(false, true, true, true), of(action("app-delete-user", api, "DELETE", null), null));
        assertEquals(new AgentTool.Annotations(false, false, false, true), of(action("app-create-user", api, "POST", null), null));
        assertEquals(new AgentTool.Annotations(false, false, true, true), of(action("app-replace-user", api, "PUT", null), null));
        assertEquals(new AgentTool.Annotations(true, false, true, true), of(action("app-search-users", api, "POST", true), null),
            "a POST search marked idempotent reads");
        assertEquals(new AgentTool.Annotations(false, false, true, true), of(action("app-upsert-user", api, "POST", true), null),
            "an idempotent POST that is not a search still writes");
        assertEquals(new AgentTool.Annotations(false, false, true, true), of(action("app-get-user", api, "GET", null), "{\"readOnly\":false}"),
            "the declared readOnly field wins over the method");
        assertEquals(new AgentTool.Annotations(true, false, true, true), of(action("app-run-report", api, "POST", null), "{\"readOnly\":true}"));
        assertEquals(new AgentTool.Annotations(false, true, false, true), of(action("app-script", ActionDefinition.RUN_JAVASCRIPT, "", null), null),
            "JavaScript may do anything");
    }
}
