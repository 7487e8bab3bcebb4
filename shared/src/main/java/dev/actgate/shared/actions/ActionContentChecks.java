package dev.actgate.shared.actions;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The write-time checks that need libraries only the actions function carries (a JSON Schema meta-validator, a
 * JavaScript parser). {@link ActionContentRules} calls them last, before anything is stored; each throws a 400
 * {@code VALIDATION_ERROR} with the reason.
 */
public interface ActionContentChecks {

    /** {@code schema} is a valid JSON Schema (2020-12). {@code field} names it in messages ({@code inputSchema}). */
    void checkSchema(JsonNode schema, String field);

    /** {@code code} parses as modern JavaScript. */
    void checkJavaScript(String code, String field);
}
