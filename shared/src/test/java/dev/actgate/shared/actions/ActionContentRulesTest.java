package dev.actgate.shared.actions;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorCode;
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

    static ObjectNode body(String json) throws Exception {
        return (ObjectNode) JSON.readTree(json);
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
        assertEquals(ErrorCode.VALIDATION_ERROR,
            assertThrows(ApiException.class, () -> ActionContentRules.writableBody(body("{\"owner\":1}"))).code());
        assertTrue(message(() -> ActionContentRules.writableBody(body("{\"intent\":\"send mail\"}"))).contains("by intent is not supported"));
        assertThrows(ApiException.class, () -> ActionContentRules.writableBody(JSON.readTree("[]")));
        ObjectNode ok = ActionContentRules.writableBody(body("{\"key\":\"k\",\"integrationKey\":\"crm\",\"tenantKey\":\"t\"}"));
        assertEquals("crm", ok.path("integrationKey").asText());
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
        ObjectNode patched = ActionContentRules.patched(current, body("{\"description\":null,\"name\":\"New\",\"tenantKey\":\"t\"}"), JSON);
        assertEquals("{\"key\":\"k\",\"name\":\"New\",\"type\":\"run-javascript\",\"config\":{\"code\":\"x\"},\"idempotent\":true}",
            patched.toString());
        assertTrue(ActionContentRules.content(ActionContentRules.asBody(current, JSON), JSON, checks).sameAs(current),
            "the stored content written back as a body is the same content");
    }

    @Test
    void putReplacesTheWholeContentButKeepsTheKey() throws Exception {
        ActionContent current = content("{\"key\":\"k\",\"name\":\"Name\",\"type\":\"run-javascript\",\"config\":{\"code\":\"x\"}}");
        assertEquals("{\"type\":\"run-javascript\",\"config\":{\"code\":\"y\"},\"key\":\"k\"}",
            ActionContentRules.replaced(current, body("{\"type\":\"run-javascript\",\"config\":{\"code\":\"y\"},\"name\":null}"), JSON).toString());
        assertEquals("{\"key\":\"k2\"}", ActionContentRules.replaced(current, body("{\"key\":\"k2\"}"), JSON).toString());
    }
}
