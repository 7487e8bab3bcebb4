package dev.actgate.act.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorCode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Module shapes, the api and membrane bridges, console capture and error positions. */
class JsSandboxTest {
    @AutoClose
    static final JsSandbox sandbox = new JsSandbox();

    static JsonNode json(String text) {
        try {
            return FakeHost.JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static SandboxResult run(String code, String input) {
        return run(code, input, new FakeHost());
    }

    static SandboxResult run(String code, String input, FakeHost host) {
        return sandbox.run(code, json(input), json("{\"id\":\"con_1\"}"), json("{\"key\":\"hubspot\"}"), host,
            SandboxLimits.defaults());
    }

    static ApiException fails(String code) {
        return assertThrows(ApiException.class, () -> run(code, "{}"));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> data(ApiException e) {
        return (Map<String, Object>) e.data();
    }

    @Test
    void syncExportReturnsObject() {
        SandboxResult r = run("module.exports = ({ input }) => ({ greeting: 'hi ' + input.name, n: [1, 2] })",
            "{\"name\":\"Ada\"}");
        assertEquals(json("{\"greeting\":\"hi Ada\",\"n\":[1,2]}"), r.output());
        assertTrue(r.durationMillis() >= 0);
    }

    @Test
    void asyncExportIsAwaited() {
        SandboxResult r = run("""
            module.exports = async ({ input }) => {
              await null;
              const doubled = await Promise.all(input.xs.map(async (x) => x * 2));
              return { doubled, when: new Date(0), nothing: undefined, fn: () => 1 };
            };""", "{\"xs\":[1,2,3]}");
        assertEquals(json("{\"doubled\":[2,4,6],\"when\":\"1970-01-01T00:00:00.000Z\"}"), r.output());
    }

    @Test
    void inputConnectionAndIntegrationArePlainObjects() {
        SandboxResult r = run("""
            exports.default = ({ input, connection, integration }) => ({
              input,
              connection: connection.id,
              integration: integration.key,
              plain: Object.getPrototypeOf(input) === Object.prototype && Array.isArray(input.list),
              keys: Object.keys(input),
            });""", "{\"a\":1,\"list\":[true,null,\"x\"],\"nested\":{\"b\":2.5}}");
        assertEquals(json("""
            {"input":{"a":1,"list":[true,null,"x"],"nested":{"b":2.5}},"connection":"con_1","integration":"hubspot",
             "plain":true,"keys":["a","list","nested"]}"""), r.output());
    }

    @Test
    void valueExportIsTheOutputAndUndefinedIsNull() {
        assertEquals(json("{\"static\":true}"), run("module.exports = { static: true }", "{}").output());
        assertTrue(run("module.exports = async () => {}", "{}").output().isNull());
        assertEquals(json("42"), run("module.exports.default = () => 42", "{}").output());
    }

    @Test
    void apiGetCallsTheHostAndReturnsData() {
        FakeHost host = new FakeHost();
        SandboxResult r = run("""
            module.exports = async ({ api }) => {
              const contact = await api.get('/contacts/1', { fields: 'email' });
              const created = await api.post('/contacts', { email: 'a@b.c' });
              const raw = await api.request({ method: 'patch', path: '/contacts/1', headers: { 'x-a': '1' }, data: [1] });
              return { contact, created, raw };
            };""", "{}", host);
        assertEquals("GET", r.output().at("/contact/method").asText());
        assertEquals("email", r.output().at("/contact/query/fields").asText());
        assertEquals("a@b.c", r.output().at("/created/body/email").asText());
        assertEquals("PATCH", r.output().at("/raw/method").asText());
        assertEquals(3, host.requests.size());
        assertEquals(json("{\"method\":\"GET\",\"path\":\"/contacts/1\",\"query\":{\"fields\":\"email\"}}"),
            host.requests.get(0));
        assertEquals("1", host.requests.get(2).at("/headers/x-a").asText());
    }

    @Test
    void upstreamErrorStatusThrowsCatchableError() {
        SandboxResult r = run("""
            module.exports = async ({ api }) => {
              try {
                await api.get('/missing');
                return 'unreachable';
              } catch (e) {
                return { isError: e instanceof Error, status: e.status, data: e.data, message: e.message };
              }
            };""", "{}");
        assertEquals(json("""
            {"isError":true,"status":404,"data":{"error":"no such thing"},
             "message":"Request failed with status 404: GET /missing"}"""), r.output());
    }

    @Test
    void uncaughtUpstreamErrorFailsTheRunWithItsStatus() {
        ApiException e = fails("module.exports = async ({ api }) => {\n  return await api.get('/missing');\n};");
        assertEquals(ErrorCode.CUSTOM_CODE_ERROR, e.code());
        assertEquals("Error: Request failed with status 404: GET /missing (line 2, column 20)", e.getMessage());
        assertEquals(404, data(e).get("status"));
    }

    @Test
    void hostApiExceptionBecomesCatchableErrorWithCodeAndStatus() {
        SandboxResult r = run("""
            module.exports = ({ api }) => {
              try { api.delete('/unsafe'); } catch (e) {
                return { isError: e instanceof Error, message: e.message, code: e.code, status: e.status };
              }
            };""", "{}");
        assertEquals(json("""
            {"isError":true,"message":"Path must stay on the connection's base URL","code":"UNSAFE_REQUEST_PATH",
             "status":400}"""), r.output());
    }

    @Test
    void unexpectedHostFailureIsAGenericErrorWithoutItsMessage() {
        SandboxResult r = run("module.exports = ({ api }) => { try { api.get('/boom'); } catch (e) { return [e.code, e.message]; } };", "{}");
        assertEquals(json("[\"INTERNAL_ERROR\",\"Internal error while handling apiRequest\"]"), r.output());
    }

    @Test
    void membraneReachesActConnectionsAndProxies() {
        FakeHost host = new FakeHost();
        SandboxResult r = run("""
            module.exports = async ({ membrane }) => ({
              acted: await membrane.act({ action: 'get-contact', input: { id: 1 } }),
              found: await membrane.connections.find(),
              proxied: await membrane.connection('con_2').proxy.put('/x', { y: 1 }),
            });""", "{}", host);
        assertEquals("get-contact", r.output().at("/acted/ranAction").asText());
        assertEquals("con_1", r.output().at("/found/items/0/id").asText());
        assertEquals("con_2", r.output().at("/proxied/connection").asText());
        assertEquals("PUT", r.output().at("/proxied/method").asText());
        assertEquals(json("{}"), host.requests.get(1));
    }

    @Test
    void consoleLinesAreCapturedInOrderWithLevels() {
        SandboxResult r = run("""
            module.exports = async () => {
              console.log('plain', 1, true, null, undefined);
              console.info({ a: 1, b: [1, 'x'] });
              await null;
              console.warn('count: %d items in %s', 3, 'cart');
              console.error(new TypeError('bad'));
              console.debug([1, 2], () => 1, 10n);
              return 'ok';
            };""", "{}");
        List<ConsoleLine> lines = r.console();
        assertEquals(List.of("log", "info", "warn", "error", "debug"), lines.stream().map(ConsoleLine::level).toList());
        assertEquals("plain 1 true null undefined", lines.get(0).message());
        assertEquals("{\"a\":1,\"b\":[1,\"x\"]}", lines.get(1).message());
        assertEquals("count: 3 items in cart", lines.get(2).message());
        assertTrue(lines.get(3).message().startsWith("TypeError: bad\n    at "), lines.get(3).message());
        assertEquals("[1,2] [Function (anonymous)] 10n", lines.get(4).message());
        assertFalse(lines.get(0).at().isAfter(lines.get(4).at()));
    }

    @Test
    void consoleIsCappedWithOneTruncationLine() {
        SandboxResult r = run("module.exports = () => { for (let i = 0; i < 5000; i++) console.log('line ' + i); return 1; }", "{}");
        assertEquals(ConsoleBuffer.MAX_LINES + 1, r.console().size());
        assertEquals(ConsoleBuffer.TRUNCATED, r.console().get(r.console().size() - 1).message());
        SandboxResult big = run("module.exports = () => { for (let i = 0; i < 100; i++) console.log('x'.repeat(10000)); }", "{}");
        int total = big.console().stream().mapToInt(l -> l.message().length()).sum();
        assertTrue(total <= ConsoleBuffer.MAX_BYTES + ConsoleBuffer.TRUNCATED.length(), "total " + total);
        assertEquals(ConsoleBuffer.TRUNCATED, big.console().get(big.console().size() - 1).message());
    }

    @Test
    void thrownErrorReportsNameMessageLineAndColumn() {
        ApiException e = fails("""
            module.exports = ({ input }) => {
              const x = input.missing;
                x();
            };""");
        assertEquals(ErrorCode.CUSTOM_CODE_ERROR, e.code());
        assertTrue(e.getMessage().startsWith("TypeError: "), e.getMessage());
        assertTrue(e.getMessage().endsWith(" (line 3, column 5)"), e.getMessage());
        Map<String, Object> data = data(e);
        assertEquals("TypeError", data.get("name"));
        assertEquals(3, data.get("line"));
        assertEquals(5, data.get("column"));
        String stack = (String) data.get("stack");
        assertTrue(stack.contains("action.js:3:5"), stack);
        assertFalse(stack.contains("actgate-sandbox") || stack.contains("java"), stack);
        assertTrue(stack.lines().count() <= JsErrors.MAX_STACK_LINES);
    }

    @Test
    void errorOnFirstLineHasColumnInTheCallersCode() {
        ApiException e = fails("module.exports = () => { throw new RangeError('nope'); };");
        assertEquals("RangeError: nope (line 1, column 32)", e.getMessage());
        assertTrue(((String) data(e).get("stack")).contains("action.js:1:32"), (String) data(e).get("stack"));
    }

    @Test
    void asyncRejectionAndNonErrorThrowsAreReported() {
        ApiException e = fails("module.exports = async () => {\n  await null;\n  throw new Error('late');\n};");
        assertEquals("Error: late (line 3, column 9)", e.getMessage());
        ApiException s = fails("module.exports = () => { throw 'just a string'; };");
        assertEquals(ErrorCode.CUSTOM_CODE_ERROR, s.code());
        assertEquals("Error: Uncaught \"just a string\"", s.getMessage());
    }

    @Test
    void errorDataCarriesConsoleLinesSoFar() {
        ApiException e = fails("module.exports = () => { console.log('before'); null.x; };");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> console = (List<Map<String, Object>>) data(e).get("console");
        assertEquals(1, console.size());
        assertEquals("log", console.get(0).get("level"));
        assertEquals("before", console.get(0).get("message"));
        assertTrue(console.get(0).get("at") instanceof String);
    }

    @Test
    void syntaxErrorReportsLineAndColumn() {
        ApiException e = fails("module.exports = () => {\n  let a = 1;\n  let b = ;\n};");
        assertEquals(ErrorCode.CUSTOM_CODE_ERROR, e.code());
        assertEquals("SyntaxError: Expected an operand but found ; (line 3, column 11)", e.getMessage());
        assertEquals("SyntaxError", data(e).get("name"));
        assertEquals(3, data(e).get("line"));
        assertEquals(11, data(e).get("column"));
    }

    @Test
    void checkSyntaxAcceptsGoodCodeAndDescribesBadCode() {
        assertNull(sandbox.checkSyntax("module.exports = async ({ api }) => api.get('/x');"));
        assertNull(sandbox.checkSyntax("while (true) {}"), "parsing must not run the code");
        assertEquals("SyntaxError: Expected an operand but found ; (line 2, column 9)",
            sandbox.checkSyntax("const a = 1;\nlet b = ;"));
        String unclosed = sandbox.checkSyntax("module.exports = () => {\n  return 1;");
        assertTrue(unclosed.startsWith("SyntaxError: ") && unclosed.endsWith("(line 2, column 12)"), unclosed);
        String firstLine = sandbox.checkSyntax("module.exports = ) => 1;");
        assertTrue(firstLine.endsWith("(line 1, column 18)"), firstLine);
    }

    @Test
    void neverSettledPromiseIsAnError() {
        ApiException e = fails("module.exports = () => new Promise(() => {});");
        assertEquals(ErrorCode.CUSTOM_CODE_ERROR, e.code());
        assertTrue(e.getMessage().contains("never settled"), e.getMessage());
    }
}
