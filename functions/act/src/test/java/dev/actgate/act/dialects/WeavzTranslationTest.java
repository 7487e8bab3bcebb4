package dev.actgate.act.dialects;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorCode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WeavzTranslationTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theEndUserIsTheTenantAndTheWorkspaceIdIsTheFallback() throws Exception {
        WeavzTranslation.Execute e = WeavzTranslation.parse(JSON.readTree("""
            {"integrationName":"slack","actionName":"send_message","workspaceId":"ws-1","endUserId":"alice",
             "input":{"text":"hi"},"integrationAlias":"slack_bot","idempotencyKey":"k1","partialIds":[]}"""));
        assertEquals("alice", e.tenant());
        assertEquals("slack_bot", e.integrationSelector());
        assertFalse(e.integrationById());
        assertEquals("k1", e.idempotencyKey());
        assertEquals("hi", e.input().path("text").asText());
        WeavzTranslation.Execute w = WeavzTranslation.parse(JSON.readTree("""
            {"integrationName":"slack","actionName":"x","workspaceId":"ws-1","workspaceIntegrationId":"int_1"}"""));
        assertEquals("ws-1", w.tenant());
        assertEquals("int_1", w.integrationSelector());
        assertTrue(w.integrationById());
        assertTrue(w.input().isObject());
    }

    @Test
    void missingFieldsAreNamed() {
        ApiException e = assertThrows(ApiException.class, () -> WeavzTranslation.parse(JSON.readTree("{\"actionName\":\"x\"}")));
        assertEquals(ErrorCode.VALIDATION_ERROR, e.code());
        assertTrue(e.getMessage().contains("integrationName") && e.getMessage().contains("workspaceId"), e.getMessage());
        assertEquals(WeavzTranslation.Code.VALIDATION_ERROR, WeavzTranslation.code(e, false));
    }

    @Test
    void blankIsNotSentAndWrongShapesAreListedTogether() throws Exception {
        ApiException blank = assertThrows(ApiException.class, () -> WeavzTranslation.parse(JSON.readTree("""
            {"integrationName":" ","actionName":"x","workspaceId":""}""")));
        assertEquals("Missing required fields: integrationName, workspaceId", blank.getMessage());
        assertEquals(java.util.Map.of("missing", java.util.List.of("integrationName", "workspaceId")), blank.data());
        ApiException shapes = assertThrows(ApiException.class, () -> WeavzTranslation.parse(JSON.readTree("""
            {"integrationName":"slack","actionName":"x","workspaceId":"ws","input":[1],"partialIds":"p"}""")));
        assertEquals("input must be an object; partialIds must be an array of strings", shapes.getMessage());
        assertEquals("endUserId must be a string", assertThrows(ApiException.class, () -> WeavzTranslation.parse(JSON.readTree("""
            {"integrationName":"slack","actionName":"x","workspaceId":"ws","endUserId":7}"""))).getMessage());
        WeavzTranslation.Execute lenient = WeavzTranslation.parse(JSON.readTree("""
            {"integrationName":"slack","actionName":"x","workspaceId":"ws","somethingNew":{"a":1}}"""));
        assertEquals("ws", lenient.tenant());
    }

    @Test
    void actgateErrorsMapToWeavzCodes() {
        assertEquals(WeavzTranslation.Code.CONNECTION_NOT_FOUND,
            WeavzTranslation.code(new ApiException(ErrorCode.CONNECTION_NOT_FOUND, "x"), true));
        assertEquals(WeavzTranslation.Code.CONNECTION_REQUIRED,
            WeavzTranslation.code(new ApiException(ErrorCode.CONNECTION_NOT_FOUND, "x"), false));
        assertEquals(WeavzTranslation.Code.CONNECTION_REQUIRED, WeavzTranslation.code(new ApiException(ErrorCode.CONNECTION_REQUIRED, "x"), false));
        assertEquals(WeavzTranslation.Code.INTEGRATION_NOT_FOUND, WeavzTranslation.code(new ApiException(ErrorCode.INTEGRATION_NOT_FOUND, "x"), false));
        assertEquals(WeavzTranslation.Code.QUOTA_EXCEEDED, WeavzTranslation.code(new ApiException(ErrorCode.UPSTREAM_RATE_LIMITED, "x"), false));
        assertEquals(WeavzTranslation.Code.ACTION_FAILED, WeavzTranslation.code(new ApiException(ErrorCode.UPSTREAM_ERROR, "x"), false));
        assertEquals(WeavzTranslation.Code.ACTION_FAILED, WeavzTranslation.code(new ApiException(ErrorCode.IN_DOUBT, "x"), false));
        assertEquals(403, WeavzTranslation.Code.QUOTA_EXCEEDED.status());
        assertEquals(400, WeavzTranslation.Code.ACTION_FAILED.status());
        var body = WeavzTranslation.error(new ApiException(ErrorCode.UPSTREAM_ERROR, "app said no").withActionRunId("run_1"),
            WeavzTranslation.Code.ACTION_FAILED);
        assertFalse(body.path("success").asBoolean());
        assertEquals("ACTION_FAILED", body.path("error").path("code").asText());
        assertEquals("external_app", body.path("error").path("attribution").asText());
        assertEquals("run_1", body.path("error").path("actionRunId").asText());
    }
}
