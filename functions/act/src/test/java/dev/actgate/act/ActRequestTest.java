package dev.actgate.act;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.actgate.shared.dispatch.DispatchSelection;
import dev.actgate.shared.errors.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The /act body: exactly one of id, key, api, code; strict fields; inline requests checked before anything runs. */
class ActRequestTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode json(String s) {
        try {
            return JSON.readTree(s.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static String refused(String body) {
        ApiException e = assertThrows(ApiException.class, () -> ActRequest.parse(json(body)));
        assertEquals(400, e.code().status(), e.getMessage());
        return e.getMessage();
    }

    @Test
    void aKeyDispatchNamesItsSelection() {
        ActRequest r = ActRequest.parse(json("{'key': 'create-task', 'connectionKey': 'crm', 'integrationKey': 'hub', 'version': 2,"
            + " 'input': {'title': 't'}, 'meta': {'trace': 'x'}}"));
        assertEquals(new DispatchSelection(null, "create-task", 2, null, "crm", null, "hub"), r.selection());
        assertEquals("t", r.input().path("title").asText());
        assertEquals("key", r.dispatchStyle());
        assertEquals("x", r.meta().path("trace").asText());
    }

    @Test
    void nullInputAndMetaAreAbsent() {
        ActRequest r = ActRequest.parse(json("{'code': 'module.exports = () => 1', 'input': null, 'meta': null}"));
        assertNull(r.input());
        assertNull(r.meta());
        assertEquals("code", r.dispatchStyle());
    }

    @ParameterizedTest(name = "{0} → \"{1}\"")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{} | Send exactly one of id, key, api or code",
        "{'id': 'a', 'key': 'b'} | Send exactly one of id, key, api or code (got id, key)",
        "{'key': 'k', 'surprise': 1} | surprise",
        "{'code': '  '} | code must not be empty",
        "{'key': 'k', 'meta': 'text'} | meta must be a JSON object",
        "{'api': {'method': 'GET', 'path': '/'}, 'version': 1} | version pins a saved action",
        "{'api': {'path': '/x'}} | api.method is required",
        "{'api': {'method': 'FETCH', 'path': '/x'}} | api.method must be one of",
        "{'api': {'method': 'GET'}} | api.path is required",
        "{'api': {'method': 'GET', 'path': '/x', 'url': '/y'}} | not both",
        "{'api': {'method': 'POST', 'path': '/x', 'body': 1, 'data': 2}} | Send api.body or its alias api.data, not both",
        "{'api': {'method': 'GET', 'path': '/x', 'headers': {'bad name': 'v'}}} | is not a valid header name",
        "{'api': {'method': 'GET', 'path': '/x', 'headers': {'X-A': 'a\\r\\nX-B: b'}}} | contains control characters",
        "{'api': {'method': 'GET', 'path': '/x', 'query': [1]}} | api.query must be an object",
        "{'api': {'method': 'GET', 'path': '/x', 'query': {'q': {'deep': 1}}}} | api.query.q must be a string, number, boolean",
        "{'api': {'method': 'GET', 'path': '/x', 'extra': 1}} | extra"})
    void badBodiesAreA400ThatSaysWhy(String body, String says) {
        String message = refused(body);
        assertTrue(message.contains(says), message);
    }

    @Test
    void longCodeIsRefused() {
        assertTrue(refused("{'code': '" + "x".repeat(200_001) + "'}").contains("200,000"));
    }

    @Test
    void anInlineRequestMayUseTheAliasesAndListsOfValues() {
        ActRequest r = ActRequest.parse(json("{'api': {'method': 'post', 'url': '/x', 'data': {'a': 1},"
            + " 'query': {'tag': ['a', 'b'], 'n': 2, 'ok': true}}, 'connectionId': 'conn_1'}"));
        assertEquals("/x", r.api().get("url").asText());
        assertEquals("conn_1", r.selection().connectionId());
        assertEquals("api", r.dispatchStyle());
    }

    static ApiException refusal(String body) {
        return assertThrows(ApiException.class, () -> ActRequest.parse(json(body)));
    }

    @SuppressWarnings("unchecked")
    static List<String> pointers(ApiException e) {
        List<Map<String, String>> violations = (List<Map<String, String>>) ((Map<String, Object>) e.data()).get("violations");
        return violations.stream().map(v -> v.get("pointer")).toList();
    }

    @Test
    void everyProblemOfTheFieldsIsListedAtOnceWithItsPointer() {
        ApiException e = refusal("{'api': {'method': 'FETCH', 'headers': {'X-A': 'a\\nb'}, 'query': {'q': [{}]}},"
            + " 'meta': 'text'}");
        assertEquals(List.of("/api/headers/X-A", "/api/method", "/api/path", "/api/query/q", "/meta"), pointers(e));
        assertTrue(e.getMessage().startsWith("api.headers.X-A contains control characters (CR, LF, …); api.method must be one of "
            + "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT; api.path is required; api.query.q must be"), e.getMessage());
        assertTrue(e.getMessage().endsWith("; meta must be a JSON object"), e.getMessage());
    }

    @Test
    void unknownFieldsAreNamedWhereverTheyAre() {
        ApiException top = refusal("{'key': 'k', 'surprise': 1, 'other': 2}");
        assertEquals("Unknown field(s): surprise, other", top.getMessage());
        assertEquals(List.of("surprise", "other"), ((Map<?, ?>) top.data()).get("unknownFields"));
        ApiException nested = refusal("{'api': {'method': 'GET', 'path': '/x', 'extra': 1}}");
        assertEquals(List.of("/api/extra"), pointers(nested));
    }

    @ParameterizedTest(name = "{0} → \"{1}\"")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{'key': 5} | key must be a string",
        "{'key': 'k', 'version': 0} | version must be a whole number from 1 to 2147483647",
        "{'key': 'k', 'version': 99999999999} | version must be a whole number from 1 to 2147483647",
        "{'key': 'k', 'version': 1.5} | version must be a whole number",
        "{'key': 'k', 'version': '2'} | version must be a whole number",
        "{'api': 'GET /x'} | api must be a JSON object",
        "{'api': {'method': 5, 'path': '/x'}} | api.method must be a string",
        "{'api': {'method': 'GET', 'path': '/x', 'headers': []}} | api.headers must be a JSON object",
        "{'api': {'method': 'GET', 'path': '/x', 'headers': {'X-A': {}}}} | api.headers.X-A must be a string",
        "[1] | The body must be a JSON object",
        "null | A JSON object body is required"})
    void wrongTypesSayWhatWasExpected(String body, String message) {
        assertEquals(message, refusal(body).getMessage());
    }

    @Test
    void aBodyNestedDeeperThanTheCapIsRefusedBeforeItBinds() {
        String deep = "{'key': 'k', 'input': " + "[".repeat(70) + "]".repeat(70) + "}";
        assertEquals("The body is nested deeper than 64 levels", refusal(deep).getMessage());
    }

    @Test
    void theOpenPartsAreTheNodesThatWereSentNotCopies() {
        JsonNode body = json("{'api': {'method': 'POST', 'path': '/x', 'body': {'a': 1}}, 'meta': {'m': 1}}");
        ActRequest r = ActRequest.parse(body);
        assertSame(body, r.body());
        assertSame(body.get("api"), r.api());
        assertSame(body.get("meta"), r.meta());
        JsonNode withInput = json("{'key': 'k', 'input': {'big': [1, 2, 3]}, 'idempotencyKey': 'k1'}");
        assertSame(withInput.get("input"), ActRequest.parse(withInput).input());
    }

    @Test
    void theIdempotencyKeyFieldTakesAnyValueAsTheRouteReadsItsText() {
        assertEquals("key", ActRequest.parse(json("{'key': 'k', 'idempotencyKey': 5}")).dispatchStyle());
    }

    @Test
    void aRequestBuiltByCodeIsCheckedAlikeButMayCarryFieldsItDoesNotUse() {
        ActRequest.validateApi((com.fasterxml.jackson.databind.node.ObjectNode) json("{'method': 'GET', 'path': '/x', 'note': 1}"));
        ApiException e = assertThrows(ApiException.class, () -> ActRequest.validateApi(
            (com.fasterxml.jackson.databind.node.ObjectNode) json("{'method': 'GET', 'path': '/x', 'data': 1, 'body': 2}")));
        assertEquals("Send api.body or its alias api.data, not both", e.getMessage());
        ApiException m = assertThrows(ApiException.class, () -> ActRequest.validateApi(
            (com.fasterxml.jackson.databind.node.ObjectNode) json("{'path': '/x'}")));
        assertEquals("api.method is required", m.getMessage());
    }
}
