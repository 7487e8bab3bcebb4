package dev.actgate.shared.actions;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorCode;
import dev.actgate.shared.json.TypedBodies;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The content rules of a saved action, without storage: field sets, PATCH/PUT merging, validation and its order. */
class ActionContentRulesTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String REQUEST = "\"config\":{\"request\":{\"method\":\"GET\",\"path\":\"/deals\"}}";

    final List<String> checked = new ArrayList<>();
    final Supplier<ActionContentChecks> checks = () -> new ActionContentChecks() {
        @Override
        public void checkSchema(com.fasterxml.jackson.databind.JsonNode schema, String field) {
            checked.add(field);
        }

        @Override
        public void checkJavaScript(String code, String field) {
            checked.add(field);
        }
    };

    /** The body bound as the route binds it (strict fields, types, key and name rules). */
    static ActionRequest body(String json) {
        return TypedBodies.bind(json, ActionRequest.class);
    }

    ActionContent content(String json) throws Exception {
        return ActionContentRules.content(body(json), JSON, checks);
    }

    static String message(Executable e) {
        return assertThrows(ApiException.class, e::run).getMessage();
    }

    interface Executable {
        void run() throws Exception;
    }

    @Test
    void writableBodiesAreObjectsWithKnownFieldsAndNoIntent() throws Exception {
        ApiException unknown = assertThrows(ApiException.class, () -> ActionContentRules.writableBody(body("{\"owner\":1}")));
        assertEquals(ErrorCode.VALIDATION_ERROR, unknown.code());
        assertEquals("Unknown field(s): owner", unknown.getMessage());
        assertTrue(message(() -> ActionContentRules.writableBody(body("{\"intent\":\"send mail\"}"))).contains("by intent is not supported"));
        assertTrue(message(() -> ActionContentRules.writableBody(body("{\"intent\":null}"))).contains("by intent is not supported"));
        assertEquals("The body must be a JSON object", message(() -> ActionContentRules.writableBody(body("[]"))));
        assertThrows(ApiException.class, () -> ActionContentRules.writableBody(null));
        ActionRequest ok = ActionContentRules.writableBody(body("{\"key\":\"k\",\"integrationKey\":\"crm\",\"tenantKey\":\"t\"}"));
        assertEquals("crm", ok.integrationKey());
    }

    @Test
    void validContentTakesItsNameFromTheKeyOrTheType() throws Exception {
        ActionContent keyed = content("{\"key\":\"list-deals\",\"type\":\"api-request-to-external-app\"," + REQUEST + "}");
        assertEquals("list-deals", keyed.name());
        assertEquals("GET", keyed.config().path("request").path("method").asText());
        assertFalse(keyed.idempotent());
        ActionContent unkeyed = content("{\"type\":\"run-javascript\",\"config\":{\"code\":\"return 1\"},\"idempotent\":true}");
        assertEquals("run-javascript", unkeyed.name());
        assertTrue(unkeyed.idempotent());
        assertEquals(List.of("config.code"), checked);
    }

    @Test
    void invalidContentIsRefusedWithTheReason() {
        assertTrue(message(() -> content("{" + REQUEST + "}")).startsWith("type is required"));
        assertTrue(message(() -> content("{\"type\":\"graphql\"," + REQUEST + "}")).contains("is not supported"));
        assertTrue(message(() -> content("{\"type\":\"run-javascript\"}")).contains("config is required"));
        assertTrue(message(() -> content("{\"type\":\"run-javascript\",\"config\":{}}")).contains("config.code (the JavaScript to run) is required"));
        assertTrue(message(() -> content("{\"type\":\"run-javascript\",\"config\":{\"code\":\"x\",\"other\":1}}")).contains("other"));
        assertTrue(message(() -> content("{\"type\":\"run-javascript\",\"config\":{\"code\":\"" + "x".repeat(ActionContentRules.MAX_CODE_CHARS + 1)
            + "\"}}")).contains("config.code is longer than"));
        assertTrue(message(() -> content("{\"type\":\"run-javascript\",\"config\":{\"code\":\"x\"},\"description\":\""
            + "d".repeat(ActionContentRules.MAX_DESCRIPTION_CHARS + 1) + "\"}")).contains("description is longer than"));
        assertTrue(message(() -> content("{\"type\":\"run-javascript\",\"config\":{\"code\":\"x\"},\"inputSchema\":[]}"))
            .contains("inputSchema must be a JSON Schema object"));
        assertEquals(List.of(), checked, "the library checks run only on content that passed the rest");
    }

    @Test
    void contentLargerThanAnItemCanHoldIsRefused() {
        String big = "d".repeat(3_900);
        StringBuilder props = new StringBuilder();
        for (int i = 0; i < 80; i++) {
            props.append(i == 0 ? "" : ",").append("\"p").append(i).append("\":{\"description\":\"").append(big).append("\"}");
        }
        assertTrue(message(() -> content("{\"type\":\"run-javascript\",\"config\":{\"code\":\"x\"},\"inputSchema\":{\"properties\":{"
            + props + "}}}")).contains("larger than 300 KB"));
    }

    @Test
    void theLibraryChecksRunLastOnSchemasAndCode() throws Exception {
        content("{\"type\":\"run-javascript\",\"config\":{\"code\":\"x\"},\"inputSchema\":{},\"outputSchema\":{}}");
        assertEquals(List.of("inputSchema", "outputSchema", "config.code"), checked);
        ApiException absent = assertThrows(ApiException.class, () -> ActionContentRules.content(
            body("{\"type\":\"run-javascript\",\"config\":{\"code\":\"x\"}}"), JSON, () -> {
                throw new ApiException(ErrorCode.CONFIGURATION_ERROR, "no checks here");
            }));
        assertEquals(ErrorCode.CONFIGURATION_ERROR, absent.code());
    }

    @Test
    void patchReplacesTheGivenFieldsAndNullRemovesOne() throws Exception {
        ActionContent current = content("{\"key\":\"k\",\"name\":\"Name\",\"description\":\"about\",\"type\":\"run-javascript\","
            + "\"config\":{\"code\":\"x\"},\"idempotent\":true}");
        ActionRequest patched = ActionContentRules.patched(current, body("{\"description\":null,\"name\":\"New\",\"tenantKey\":\"t\"}"));
        assertEquals(ActionRequest.content("k", "New", null, "run-javascript", JSON.createObjectNode().put("code", "x"), null, null, true),
            patched);
        assertTrue(ActionContentRules.content(ActionContentRules.asBody(current), JSON, checks).sameAs(current),
            "the stored content written back as a body is the same content");
    }

    @Test
    void putReplacesTheWholeContentButKeepsTheKey() throws Exception {
        ActionContent current = content("{\"key\":\"k\",\"name\":\"Name\",\"type\":\"run-javascript\",\"config\":{\"code\":\"x\"}}");
        assertEquals(ActionRequest.content("k", null, null, "run-javascript", JSON.createObjectNode().put("code", "y"), null, null, null),
            ActionContentRules.replaced(current, body("{\"type\":\"run-javascript\",\"config\":{\"code\":\"y\"},\"name\":null}")));
        assertEquals(ActionRequest.content("k2", null, null, null, null, null, null, null),
            ActionContentRules.replaced(current, body("{\"key\":\"k2\"}")));
        assertEquals(ActionRequest.content(null, null, null, null, null, null, null, null),
            ActionContentRules.replaced(current, body("{\"key\":null}")), "a key sent as null is cleared, not kept");
    }

    @Test
    void everyWrongFieldIsListedWithItsPointer() {
        ApiException e = assertThrows(ApiException.class,
            () -> body("{\"key\":\"bad key!\",\"name\":\" \",\"idempotent\":\"yes\"}"));
        assertEquals("idempotent must be true or false", e.getMessage(), "a wrong JSON type fails the binding first");
        ApiException several = assertThrows(ApiException.class, () -> body("{\"key\":\"bad key!\",\"name\":\" \"}"));
        assertEquals("key " + dev.actgate.shared.json.Bodies.KEY_MESSAGE + "; name must be 1-256 characters", several.getMessage());
        var violations = JSON.valueToTree(several.data()).path("violations");
        assertEquals("/key", violations.path(0).path("pointer").asText());
        assertEquals(dev.actgate.shared.json.Bodies.KEY_MESSAGE, violations.path(0).path("message").asText());
        assertEquals("/name", violations.path(1).path("pointer").asText());
    }
}
