package dev.actgate.act;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.actgate.shared.dispatch.DispatchSelection;
import dev.actgate.shared.errors.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
}
