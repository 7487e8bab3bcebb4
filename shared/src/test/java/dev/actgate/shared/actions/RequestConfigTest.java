package dev.actgate.shared.actions;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.actgate.shared.errors.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The write-time shape check of config.request, and that what it accepts is what RequestMapping maps. */
class RequestConfigTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static ObjectNode config(String request) throws Exception {
        return (ObjectNode) JSON.readTree("{\"request\":" + request + "}");
    }

    @Test
    void aWellFormedConfigIsNormalisedAndMapsAtRunTime() throws Exception {
        ObjectNode c = RequestConfig.validate(config("{\"method\":\"post\",\"path\":\"/contacts/{{$.input.id}}/notes\","
            + "\"query\":{\"notify\":true,\"tags\":[\"a\",{\"$var\":\"$.input.tag\"}],\"site\":\"{{ $.connection.site }}\"},"
            + "\"headers\":{\"X-Trace\":\"t-{{$.input.trace}}\",\"X-Id\":{\"$var\":\"$.input.id\"}},"
            + "\"body\":{\"text\":{\"$var\":\"$.input.text\"},\"items\":[{\"$var\":\"$.input.items.0\"}],\"n\":1}}"));
        assertEquals("POST", c.path("request").path("method").asText());
        ObjectNode mapped = RequestMapping.request(c.get("request"), JSON.readTree("{\"id\":\"a b\",\"text\":\"hi\",\"items\":[7]}"),
            Map.of("site", "eu"));
        assertEquals("/contacts/a%20b/notes", mapped.path("path").asText());
        assertEquals("hi", mapped.path("body").path("text").asText());
        assertEquals(7, mapped.path("body").path("items").get(0).asInt());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "null",
        "[]",
        "{\"path\":\"/x\"}",
        "{\"method\":\"GRAB\",\"path\":\"/x\"}",
        "{\"method\":7,\"path\":\"/x\"}",
        "{\"method\":\"GET\"}",
        "{\"method\":\"GET\",\"path\":\"\"}",
        "{\"method\":\"GET\",\"path\":\"http://other.example/x\"}",
        "{\"method\":\"GET\",\"path\":\"//other.example/x\"}",
        "{\"method\":\"GET\",\"path\":\"/a b\"}",
        "{\"method\":\"GET\",\"path\":\"/x/{{id}}\"}",
        "{\"method\":\"GET\",\"path\":\"/x/{{$.secrets.key}}\"}",
        "{\"method\":\"GET\",\"path\":\"/x\",\"headers\":[\"a\"]}",
        "{\"method\":\"GET\",\"path\":\"/x\",\"headers\":{\"A\":{\"b\":1}}}",
        "{\"method\":\"GET\",\"path\":\"/x\",\"query\":\"a=1\"}",
        "{\"method\":\"GET\",\"path\":\"/x\",\"query\":{\"a\":[[1]]}}",
        "{\"method\":\"GET\",\"path\":\"/x\",\"query\":{\"a\":{\"$var\":\"input.a\"}}}",
        "{\"method\":\"POST\",\"path\":\"/x\",\"body\":{\"a\":{\"$var\":\"$.input.a\",\"default\":1}}}",
        "{\"method\":\"POST\",\"path\":\"/x\",\"body\":{\"a\":{\"$var\":5}}}",
        "{\"method\":\"POST\",\"path\":\"/x\",\"body\":[\"{{$.env.HOME}}\"]}",
        "{\"method\":\"POST\",\"path\":\"/x\",\"url\":\"/y\"}"
    })
    void malformedConfigsAreRefusedWithWhere(String request) {
        ApiException e = assertThrows(ApiException.class, () -> RequestConfig.validate(config(request)));
        assertEquals("VALIDATION_ERROR", e.code().name());
        assertTrue(e.getMessage().contains("config.request"), e.getMessage());
    }

    @Test
    void onlyRequestIsAllowedInConfig() throws Exception {
        ApiException e = assertThrows(ApiException.class,
            () -> RequestConfig.validate((ObjectNode) JSON.readTree("{\"request\":{\"method\":\"GET\",\"path\":\"/\"},\"retries\":3}")));
        assertEquals("Unknown field(s) in config: retries (allowed: request)", e.getMessage());
    }
}
