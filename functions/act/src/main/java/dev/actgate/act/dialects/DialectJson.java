package dev.actgate.act.dialects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** JSON conversion for the pure translation classes (error data is a plain map or record). */
final class DialectJson {
    static final ObjectMapper MAPPER = new ObjectMapper().findAndRegisterModules()
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private DialectJson() {
    }

    static JsonNode tree(Object value) {
        return value == null ? null : MAPPER.valueToTree(value);
    }
}
