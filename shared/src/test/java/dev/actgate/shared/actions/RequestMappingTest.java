package dev.actgate.shared.actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/** An action's request config plus the run's input make the request (docs/connectors.md): $var, placeholders, paths. */
class RequestMappingTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode json(String s) {
        try {
            return JSON.readTree(s.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    final JsonNode root = json("{'input': {'id': 'a b/c', 'n': 3, 'tags': ['x', 'y'], 'nested': {'k': true}, 'empty': null},"
        + " 'connection': {'region': 'eu'}}");

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
        "$.input.n | 3",
        "$.input.tags.1 | \"y\"",
        "$.input.nested.k | true",
        "$.input.nested | {\"k\":true}",
        "$.connection.region | \"eu\"",
        "$.input.empty | null"})
    void pathsFindValuesOfAnyType(String path, String expected) {
        assertEquals(json(expected), RequestMapping.at(root, path));
    }

    @ParameterizedTest(name = "{0} finds nothing")
    @CsvSource({"$.input.missing", "$.input.tags.7", "$.input.tags.x", "$.input.n.deeper", "input.n", "$.other", "$.input.tags.01"})
    void missingPathsAreNull(String path) {
        assertNull(RequestMapping.at(root, path));
    }

    @Test
    void aNameWithSlashesOrTildesIsOneName() {
        JsonNode r = json("{'input': {'a/b': 1, 'c~d': 2, 'a': {'b': 3}}}");
        assertEquals(1, RequestMapping.at(r, "$.input.a/b").asInt());
        assertEquals(2, RequestMapping.at(r, "$.input.c~d").asInt());
        assertEquals(3, RequestMapping.at(r, "$.input.a.b").asInt());
    }

    @Test
    void aRequestFromConfigAndInput() {
        JsonNode config = json("{'method': 'POST', 'path': '/items/{{$.input.id}}',"
            + " 'query': {'region': '{{ $.connection.region }}', 'limit': {'$var': '$.input.n'}, 'gone': {'$var': '$.input.missing'}},"
            + " 'headers': {'X-Tag': 'tag-{{$.input.tags.0}}'},"
            + " 'body': {'tags': {'$var': '$.input.tags'}, 'list': [{'$var': '$.input.missing'}, 1], 'text': 'n={{$.input.n}}'}}");
        ObjectNode request = RequestMapping.request(config, root.get("input"), Map.of("region", "eu"));
        assertEquals("POST", request.get("method").asText());
        assertEquals("/items/a%20b%2Fc", request.get("path").asText(), "a path placeholder is one encoded segment");
        assertEquals("eu", request.at("/query/region").asText());
        assertEquals(3, request.at("/query/limit").asInt(), "$var keeps the type");
        assertFalse(request.get("query").has("gone"), "a missing $var drops its key");
        assertEquals("tag-x", request.at("/headers/X-Tag").asText());
        assertEquals(json("['x','y']"), request.at("/body/tags"));
        assertEquals(json("[1]"), request.at("/body/list"), "a missing $var drops its array element");
        assertEquals("n=3", request.at("/body/text").asText());
    }

    @Test
    void defaultsAndMissingPlaceholders() {
        ObjectNode request = RequestMapping.request(json("{}"), null, Map.of());
        assertEquals("GET", request.get("method").asText());
        assertEquals("/", request.get("path").asText());
        assertEquals("/x/", RequestMapping.request(json("{'path': '/x/{{$.input.nothing}}'}"), json("{}"), Map.of())
            .get("path").asText(), "a missing placeholder is empty");
        assertEquals("{\"k\":true}", RequestMapping.fill("{{$.input.nested}}", root, false), "a non-value is its JSON");
    }
}
