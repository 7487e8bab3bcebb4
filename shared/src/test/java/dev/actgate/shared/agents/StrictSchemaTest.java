package dev.actgate.shared.agents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StrictSchemaTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static ObjectNode schema(String json) throws Exception {
        return (ObjectNode) JSON.readTree(json);
    }

    @Test
    void everyPropertyRequiredOptionalOnesNullableNoExtras() throws Exception {
        ObjectNode s = schema("""
            {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","required":["name"],
             "properties":{"name":{"type":"string","default":"x"},"age":{"type":"integer","minimum":0},
               "tags":{"type":"array","items":{"type":"string"}},
               "kind":{"type":"string","enum":["a","b"]},
               "address":{"type":"object","properties":{"city":{"type":"string"}},"required":[]},
               "either":{"oneOf":[{"type":"string"},{"type":"integer"}]}}}""");
        ObjectNode out = StrictSchema.convert(s);
        assertFalse(out.has("$schema"));
        assertFalse(out.path("additionalProperties").asBoolean(true));
        assertEquals(6, out.path("required").size());
        assertEquals("string", out.at("/properties/name/type").asText(), "required stays as it was");
        assertFalse(out.at("/properties/name").has("default"));
        assertEquals("[\"integer\",\"null\"]", out.at("/properties/age/type").toString());
        assertEquals(0, out.at("/properties/age/minimum").asInt(), "supported keywords stay");
        assertEquals("[\"a\",\"b\",null]", out.at("/properties/kind/enum").toString());
        assertEquals("[\"string\"]", out.at("/properties/address/required").toString().replace("city", "string"),
            "nested objects list all their properties");
        assertFalse(out.at("/properties/address/additionalProperties").asBoolean(true));
        assertEquals("[\"string\",\"null\"]", out.at("/properties/address/properties/city/type").toString());
        assertEquals(3, out.at("/properties/either/anyOf").size(), "oneOf → anyOf, plus a null branch");
        assertFalse(s.has("anyOf") || s.at("/properties/either").has("anyOf"), "the input is not changed");
    }

    @Test
    void whatStrictModeCannotExpressIsRefusedWithAReason() throws Exception {
        assertTrue(assertThrows(StrictSchema.NotConvertible.class, () -> StrictSchema.convert(schema(
            "{\"type\":\"object\",\"properties\":{\"meta\":{\"type\":\"object\",\"additionalProperties\":{\"type\":\"string\"}}}}")))
            .getMessage().contains("/meta"));
        assertThrows(StrictSchema.NotConvertible.class, () -> StrictSchema.convert(schema("{\"type\":\"object\"}")), "free-form");
        assertThrows(StrictSchema.NotConvertible.class, () -> StrictSchema.convert(schema("{\"type\":\"string\"}")), "root not object");
        assertThrows(StrictSchema.NotConvertible.class, () -> StrictSchema.convert(schema(
            "{\"type\":\"object\",\"properties\":{\"a\":{\"allOf\":[{\"type\":\"string\"}]}}}")));
        assertThrows(StrictSchema.NotConvertible.class, () -> StrictSchema.convert(schema(
            "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"array\"}}}")), "array without items");
        assertThrows(StrictSchema.NotConvertible.class, () -> StrictSchema.convert(schema(
            "{\"type\":\"object\",\"properties\":{\"a\":{}}}")), "any-value field");
        StringBuilder deep = new StringBuilder("{\"type\":\"string\"}");
        for (int i = 0; i < 12; i++) {
            deep = new StringBuilder("{\"type\":\"object\",\"properties\":{\"x\":" + deep + "}}");
        }
        String d = deep.toString();
        assertTrue(assertThrows(StrictSchema.NotConvertible.class, () -> StrictSchema.convert(schema(d))).getMessage().contains("deep"));
    }

    @Test
    void nullsForOptionalFieldsAreDroppedBeforeTheActionSeesThem() throws Exception {
        ObjectNode s = schema("""
            {"type":"object","required":["a"],"properties":{"a":{"type":["string","null"]},"b":{"type":"string"},
             "c":{"type":["string","null"]},"o":{"type":"object","properties":{"x":{"type":"string"}}}}}""");
        JsonNode args = JSON.readTree("{\"a\":null,\"b\":null,\"c\":null,\"o\":{\"x\":null},\"unknown\":null}");
        ObjectNode out = StrictSchema.dropNullsForOptional(s, (ObjectNode) args);
        assertEquals("{\"a\":null,\"c\":null,\"o\":{},\"unknown\":null}", out.toString());
    }
}
