package dev.actgate.act.dialects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.actgate.shared.actions.ActionView;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorCode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ComposioTranslationTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void connectedAccountIdsCarryTheirTenant() {
        String id = ComposioTranslation.accountId("alice@example.com", "conn_01jd0000000000000000000000");
        assertTrue(id.startsWith("ca_"));
        ComposioTranslation.AccountRef ref = ComposioTranslation.parseAccountId(id).orElseThrow();
        assertEquals("alice@example.com", ref.tenant());
        assertEquals("conn_01jd0000000000000000000000", ref.connectionId());
        assertTrue(ComposioTranslation.parseAccountId("conn_01jd0000000000000000000000").isEmpty());
        assertTrue(ComposioTranslation.parseAccountId("ca_!!!.conn_x").isEmpty());
        assertTrue(ComposioTranslation.parseAccountId("ca_YWxpY2U").isEmpty(), "no connection part");
        assertTrue(ComposioTranslation.parseAccountId("ca_.conn_x").isEmpty(), "no tenant");
    }

    @Test
    void dataIsAlwaysAnObjectAndErrorIsAlwaysPresent() {
        JsonNode ok = ComposioTranslation.executed(JSON.valueToTree(List.of(1, 2)), "run_1");
        assertTrue(ok.path("data").isObject());
        assertEquals(2, ok.path("data").path("result").size());
        assertTrue(ok.has("error") && ok.get("error").isNull());
        assertTrue(ok.path("successful").asBoolean());
        assertEquals("run_1", ok.path("log_id").asText());
        JsonNode legacy = ComposioTranslation.legacyExecuted(null, "run_2");
        assertTrue(legacy.path("data").isObject());
        assertTrue(legacy.path("successfull").asBoolean());
        assertEquals("run_2", legacy.path("logId").asText());
        JsonNode failed = ComposioTranslation.failedRun(new ApiException(ErrorCode.UPSTREAM_ERROR, "boom").withActionRunId("run_3"));
        assertFalse(failed.path("successful").asBoolean());
        assertEquals("boom", failed.path("error").asText());
        assertTrue(failed.path("data").isObject());
        assertEquals("external_app", failed.path("data").path("error").path("attribution").asText());
    }

    @Test
    void executeBodiesAreLenientButRefuseCredentialsSentWithTheCall() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ComposioTranslation.Execute v3 = DialectJson.optionalBody(json.readTree("""
            {"entity_id":"alice","arguments":{"a":1},"version":"20250909_00","allow_tracing":true}"""),
            ComposioTranslation.Execute.class);
        assertEquals("alice", v3.call().user());
        assertEquals("user_id", v3.call().userField());
        assertEquals(1, v3.call().input().path("a").asInt());
        assertEquals(null, DialectJson.optionalBody(null, ComposioTranslation.LegacyExecute.class).connectedAccountId());
        ApiException credentials = org.junit.jupiter.api.Assertions.assertThrows(ApiException.class, () -> DialectJson.optionalBody(
            json.readTree("{\"custom_auth_params\":{\"parameters\":[]}}"), ComposioTranslation.Execute.class));
        assertTrue(credentials.getMessage().startsWith("custom_auth_params / custom_connection_data"), credentials.getMessage());
        ApiException legacy = org.junit.jupiter.api.Assertions.assertThrows(ApiException.class, () -> DialectJson.optionalBody(
            json.readTree("{\"authConfig\":{},\"input\":{}}"), ComposioTranslation.LegacyExecute.class));
        assertTrue(legacy.getMessage().startsWith("authConfig (credentials sent with the call) is not supported"), legacy.getMessage());
        assertEquals("connectedAccountId must be a string", org.junit.jupiter.api.Assertions.assertThrows(ApiException.class,
            () -> DialectJson.optionalBody(json.readTree("{\"connectedAccountId\":1}"), ComposioTranslation.LegacyExecute.class))
            .getMessage());
        assertEquals("The body must be a JSON object", org.junit.jupiter.api.Assertions.assertThrows(ApiException.class,
            () -> DialectJson.optionalBody(json.readTree("[]"), ComposioTranslation.Execute.class)).getMessage());
    }

    @Test
    void errorsUseEachGenerationsShape() {
        JsonNode legacy = ComposioTranslation.legacyError(ApiException.validation("bad", Map.of("field", "x")));
        assertEquals("ValidationError", legacy.path("name").asText());
        assertEquals("BadRequest", legacy.path("type").asText());
        assertEquals("x", legacy.path("details").get(0).path("field").asText());
        JsonNode v3 = ComposioTranslation.error(ComposioTranslation.accountNotFound("ca_x"), ComposioTranslation.CONNECTED_ACCOUNT_NOT_FOUND);
        assertEquals(1803, v3.path("error").path("code").asInt());
        assertTrue(v3.path("error").path("message").asText().contains("ca_x"));
    }

    @Test
    void toolsHaveTheToolkitSlugAndRevisionsAsVersions() throws Exception {
        JsonNode schema = JSON.readTree("{\"type\":\"object\",\"required\":[\"q\"],\"properties\":{\"q\":{\"type\":\"string\"}}}");
        ActionView v = new ActionView("github-list-repos", null, "List repositories", "d", "api-request-to-external-app", "READY",
            "catalog", null, null, null, null, null, "github", "github", null, schema, null, null, null, 1, null, null, null, null);
        JsonNode t = ComposioTranslation.tool(v);
        assertEquals("GITHUB_LIST_REPOS", t.path("slug").asText());
        assertEquals("github", t.path("toolkit").path("slug").asText());
        assertEquals("object", t.path("input_parameters").path("type").asText());
        assertEquals("q", t.path("input_parameters").path("required").get(0).asText());
        assertEquals("1", t.path("version").asText());
        JsonNode legacy = ComposioTranslation.actionDetails(v);
        assertEquals("github", legacy.path("appKey").asText());
        assertTrue(legacy.path("parameters").path("properties").has("q"));
    }
}
