package dev.actgate.actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.actgate.shared.errors.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The write-time checks on their own: JSON Schema 2020-12 meta-validation and the Closure syntax check. */
class ActionWriteChecksTest {
    static final ObjectMapper JSON = new ObjectMapper();
    final ActionWriteChecks checks = new ActionWriteChecks();

    JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{}",
        "{\"type\":\"object\",\"required\":[\"email\"],\"properties\":{\"email\":{\"type\":\"string\",\"format\":\"email\"}}}",
        "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"type\":\"object\"}",
        "{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"#/$defs/addr\"}},\"$defs\":{\"addr\":{\"type\":\"string\"}}}",
        "{\"type\":\"array\",\"prefixItems\":[{\"type\":\"string\"}],\"items\":false}"
    })
    void validSchemasPass(String schema) throws Exception {
        assertDoesNotThrow(() -> checks.checkSchema(json(schema), "inputSchema"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"type\":\"strnig\"}",
        "{\"type\":\"object\",\"required\":\"email\"}",
        "{\"properties\":{\"a\":{\"minLength\":-1}}}",
        "{\"properties\":[]}",
        "{\"$schema\":\"http://json-schema.org/draft-04/schema#\",\"type\":\"object\"}"
    })
    void invalidSchemasAreRefusedWithTheReason(String schema) {
        ApiException e = assertThrows(ApiException.class, () -> checks.checkSchema(json(schema), "inputSchema"));
        assertEquals("VALIDATION_ERROR", e.code().name());
        assertTrue(e.getMessage().startsWith("inputSchema"), e.getMessage());
    }

    @Test
    void referencesOutsideTheSchemaAreNeverFetched() throws Exception {
        java.util.concurrent.atomic.AtomicInteger hits = new java.util.concurrent.atomic.AtomicInteger();
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
            new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", x -> {
            hits.incrementAndGet();
            byte[] body = "{\"type\":\"string\"}".getBytes();
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/x.json";
            ApiException remote = assertThrows(ApiException.class,
                () -> checks.checkSchema(json("{\"properties\":{\"a\":{\"$ref\":\"" + url + "\"}}}"), "inputSchema"));
            assertTrue(remote.getMessage().startsWith("inputSchema cannot be used"), remote.getMessage());
            assertEquals(0, hits.get(), "the validator fetched a remote $ref");
        } finally {
            server.stop(0);
        }
        assertThrows(ApiException.class,
            () -> checks.checkSchema(json("{\"properties\":{\"a\":{\"$ref\":\"#/$defs/missing\"}}}"), "inputSchema"));
    }

    @ParameterizedTest
    @MethodSource("dev.actgate.actions.JavaScriptCorpus#accepted")
    void modernJavaScriptParses(String code) {
        assertDoesNotThrow(() -> checks.checkJavaScript(code, "config.code"));
    }

    @ParameterizedTest
    @MethodSource("dev.actgate.actions.JavaScriptCorpus#refused")
    void brokenJavaScriptIsRefused(String code) {
        ApiException e = assertThrows(ApiException.class, () -> checks.checkJavaScript(code, "config.code"));
        assertTrue(e.getMessage().startsWith("config.code does not parse as JavaScript: "), e.getMessage());
    }

    @Test
    void syntaxErrorsAreRefusedWithLineAndColumn() {
        ApiException e = assertThrows(ApiException.class,
            () -> checks.checkJavaScript("module.exports = async ({ input }) => {\n  return input.a +;\n}", "config.code"));
        assertTrue(e.getMessage().startsWith("config.code does not parse as JavaScript: line 2"), e.getMessage());
        ApiException first = assertThrows(ApiException.class, () -> checks.checkJavaScript("module.exports = (", "config.code"));
        assertTrue(first.getMessage().contains("line"), first.getMessage());
        // The sandbox runs code as a function body: a top-level await does not run there, so it is refused here too.
        assertThrows(ApiException.class, () -> checks.checkJavaScript("const x = await fetch('/');", "config.code"));
        assertDoesNotThrow(() -> checks.checkJavaScript("return 1", "config.code"));
        // input on which the parser itself throws is refused code (a 400), not an internal error
        ApiException regex = assertThrows(ApiException.class, () -> checks.checkJavaScript("var x = /unterminated;", "config.code"));
        assertTrue(regex.getMessage().startsWith("config.code does not parse as JavaScript: "), regex.getMessage());
        // the private-name bridge keeps columns: the error after a private name is reported where it is
        ApiException afterPrivate = assertThrows(ApiException.class,
            () -> checks.checkJavaScript("class A { #x = 1; m() { return this.#x +; } }", "config.code"));
        ApiException plain = assertThrows(ApiException.class,
            () -> checks.checkJavaScript("class A { _x = 1; m() { return this._x +; } }", "config.code"));
        assertEquals(plain.getMessage(), afterPrivate.getMessage());
        assertTrue(afterPrivate.getMessage().contains("line 1, column 41"), afterPrivate.getMessage());
    }
}
