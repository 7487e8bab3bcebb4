package dev.actgate.act.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Nothing of the host is reachable, and nothing of one run is visible to the next or to a concurrent one. */
class JsSandboxIsolationTest {
    @AutoClose
    static final JsSandbox sandbox = new JsSandbox();

    static JsonNode run(String code) {
        return run(code, "null");
    }

    static JsonNode run(String code, String input) {
        return sandbox.run(code, JsSandboxTest.json(input), null, null, new FakeHost(), SandboxLimits.defaults()).output();
    }

    static void assertRefused(String code, String expectedMessage) {
        ApiException e = assertThrows(ApiException.class, () -> run(code));
        assertEquals(ErrorCode.CUSTOM_CODE_ERROR, e.code());
        assertEquals(expectedMessage, e.getMessage());
    }

    @Test
    void javaInteropIsUnreachable() {
        assertRefused("module.exports = () => Java.type('java.lang.System').exit(1);",
            "ReferenceError: Java is not defined (line 1, column 24)");
        assertRefused("module.exports = () => Polyglot.eval('js', '1');",
            "ReferenceError: Polyglot is not defined (line 1, column 24)");
        assertRefused("module.exports = () => eval('Java').type('java.lang.Runtime');",
            "ReferenceError: Java is not defined (line 1, column 24)");
    }

    @Test
    void nodeAndBrowserGlobalsAreUnreachable() {
        assertRefused("const fs = require('fs');\nmodule.exports = () => fs.readFileSync('/etc/passwd', 'utf8');",
            "ReferenceError: require is not defined (line 1, column 12)");
        assertRefused("module.exports = () => process.env;",
            "ReferenceError: process is not defined (line 1, column 24)");
        JsonNode types = run("""
            const names = ['Java', 'Polyglot', 'Graal', 'Packages', 'java', 'javax', 'load', 'loadWithNewGlobal', 'print',
              'printErr', 'quit', 'exit', 'require', 'process', 'fetch', 'XMLHttpRequest', 'setTimeout', 'global',
              'performance', 'WebAssembly', 'arguments'];
            module.exports = () => names.filter((n) => typeof globalThis[n] !== 'undefined'
              || (0, eval)('typeof ' + n) !== 'undefined');""");
        assertEquals("[]", types.toString());
    }

    @Test
    void bridgeFunctionsExposeNoHostObjects() {
        JsonNode out = run("""
            module.exports = ({ api, membrane, input }) => ({
              apiProto: Object.getPrototypeOf(api) === Object.prototype,
              fnCtor: api.get.constructor === Function,
              escaped: (() => { try { return typeof api.get.constructor('return Java')(); } catch (e) { return e.name; } })(),
              input: Object.getPrototypeOf(input) === Object.prototype,
              hostCall: typeof hostCall + typeof settle + typeof hostLog,
            });""", "{}");
        assertEquals(JsSandboxTest.json("""
            {"apiProto":true,"fnCtor":true,"escaped":"ReferenceError","input":true,"hostCall":"undefinedundefinedundefined"}"""),
            out);
    }

    @Test
    void prototypePollutionDoesNotReachTheNextRun() {
        run("""
            Object.prototype.polluted = 'yes';
            Array.prototype.map = () => 'hijacked';
            JSON.stringify = () => '"hijacked"';
            module.exports = () => 'done';""");
        JsonNode next = run("module.exports = () => ({ polluted: ({}).polluted === undefined, map: [1].map((x) => x + 1) })");
        assertEquals(JsSandboxTest.json("{\"polluted\":true,\"map\":[2]}"), next);
    }

    @Test
    void pollutionWithinARunCannotForgeItsOutcome() {
        JsonNode out = run("""
            JSON.stringify = () => '"forged"';
            Promise.prototype.then = function () { return this; };
            module.exports = async () => ({ real: true });""");
        assertEquals(JsSandboxTest.json("{\"real\":true}"), out);
    }

    @Test
    void globalVariablesAreNotShared() {
        run("globalThis.shared = 42; var leaked = 1; module.exports = () => shared;");
        JsonNode next = run("module.exports = () => [typeof shared, typeof leaked, typeof globalThis.shared]");
        assertEquals("[\"undefined\",\"undefined\",\"undefined\"]", next.toString());
    }

    @Test
    void concurrentRunsStayApart() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<JsonNode>> futures = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int n = i;
                futures.add(pool.submit(() -> run("""
                    module.exports = async ({ input, api }) => {
                      if (typeof globalThis.mine !== 'undefined') throw new Error('saw another run');
                      globalThis.mine = input.n;
                      let sum = 0;
                      for (let i = 0; i <= input.n * 1000; i++) sum += i;
                      const echoed = await api.get('/echo', { n: String(input.n) });
                      console.log('run', input.n);
                      return { n: globalThis.mine, sum, echoed: Number(echoed.query.n) };
                    };""", "{\"n\":" + n + "}")));
            }
            for (int i = 0; i < 20; i++) {
                long m = i * 1000L;
                assertEquals(JsSandboxTest.json("{\"n\":" + i + ",\"sum\":" + (m * (m + 1) / 2) + ",\"echoed\":" + i + "}"),
                    futures.get(i).get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    }
}
