package dev.actgate.act.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.NullNode;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorCode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Every limit ends the run with a message naming it, and the sandbox keeps working afterwards. */
class JsSandboxLimitsTest {
    @AutoClose
    static final JsSandbox sandbox = new JsSandbox();

    static SandboxResult run(String code, SandboxLimits limits) {
        return sandbox.run(code, NullNode.getInstance(), null, null, new FakeHost(), limits);
    }

    static SandboxLimits limits(Duration timeout, long statements, int output, long heap) {
        return new SandboxLimits(timeout, statements, output, heap);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> data(ApiException e) {
        return (Map<String, Object>) e.data();
    }

    static void assertStillWorks() {
        assertEquals(3, run("module.exports = () => 1 + 2", SandboxLimits.defaults()).output().asInt());
    }

    @Test
    void infiniteLoopTimesOutAndTheNextRunWorks() {
        SandboxLimits limits = limits(Duration.ofMillis(500), Long.MAX_VALUE, 1024, Long.MAX_VALUE / 4);
        long started = System.nanoTime();
        ApiException e = assertThrows(ApiException.class,
            () -> run("module.exports = () => { console.log('spinning'); while (true) {} }", limits));
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(ErrorCode.CUSTOM_CODE_TIMEOUT, e.code());
        assertEquals("Custom code exceeded the wall-clock timeout of 500 ms", e.getMessage());
        assertEquals("timeout", data(e).get("limit"));
        assertEquals(500L, data(e).get("value"));
        assertEquals(1, ((List<?>) data(e).get("console")).size());
        assertTrue(millis >= 500 && millis < 1500, "took " + millis + " ms");
        assertStillWorks();
    }

    @Test
    void timeoutAlsoEndsABlockingHostCall() {
        SandboxHost slow = new FakeHost() {
            @Override
            public com.fasterxml.jackson.databind.JsonNode apiRequest(com.fasterxml.jackson.databind.JsonNode request) {
                try {
                    Thread.sleep(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.apiRequest(request);
            }
        };
        long started = System.nanoTime();
        ApiException e = assertThrows(ApiException.class, () -> sandbox.run("module.exports = ({ api }) => api.get('/slow')",
            null, null, null, slow, limits(Duration.ofMillis(300), Long.MAX_VALUE, 1024, Long.MAX_VALUE / 4)));
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(ErrorCode.CUSTOM_CODE_TIMEOUT, e.code());
        assertTrue(millis < 2_000, "took " + millis + " ms");
        assertTrue(!Thread.currentThread().isInterrupted(), "the caller's thread must not stay interrupted");
        assertStillWorks();
    }

    @Test
    void statementLimitEndsTheRun() {
        ApiException e = assertThrows(ApiException.class, () -> run(
            "module.exports = () => { let n = 0; for (;;) { n++; } }", limits(Duration.ofSeconds(30), 100_000, 1024, Long.MAX_VALUE / 4)));
        assertEquals(ErrorCode.CUSTOM_CODE_TIMEOUT, e.code());
        assertEquals("Custom code exceeded the statement limit of 100000 statements", e.getMessage());
        assertEquals("statementLimit", data(e).get("limit"));
        assertStillWorks();
    }

    @Test
    void heapGuardContainsARunawayAllocation() {
        SandboxLimits limits = limits(Duration.ofSeconds(60), Long.MAX_VALUE, 1024, 128L * 1024 * 1024);
        ApiException e = assertThrows(ApiException.class,
            () -> run("module.exports = () => { const a = []; while (true) a.push(new Array(1e6).fill(1)); }", limits));
        assertEquals(ErrorCode.CUSTOM_CODE_TIMEOUT, e.code());
        assertTrue(e.getMessage().startsWith("Custom code exceeded the heap growth limit of 128 MiB"), e.getMessage());
        assertEquals("maxHeapGrowthBytes", data(e).get("limit"));
        assertStillWorks();
    }

    @Test
    void singleHugeAllocationIsRefusedInsideTheSandbox() {
        ApiException e = assertThrows(ApiException.class,
            () -> run("module.exports = () => 'x'.repeat(2 ** 28).length", SandboxLimits.defaults()));
        assertEquals(ErrorCode.CUSTOM_CODE_ERROR, e.code());
        assertEquals("RangeError: Invalid string length (line 1, column 28)", e.getMessage());
        ApiException buffer = assertThrows(ApiException.class,
            () -> run("module.exports = () => new ArrayBuffer(2 ** 30).byteLength", SandboxLimits.defaults()));
        assertTrue(buffer.getMessage().startsWith("RangeError: "), buffer.getMessage());
        assertStillWorks();
    }

    @Test
    void outputTooLarge() {
        SandboxLimits limits = limits(Duration.ofSeconds(10), 50_000_000, 1000, 256L * 1024 * 1024);
        ApiException e = assertThrows(ApiException.class, () -> run("module.exports = () => 'é'.repeat(600)", limits));
        assertEquals(ErrorCode.OUTPUT_TOO_LARGE, e.code());
        assertEquals("The output is 1202 bytes of JSON, over the limit of 1000 bytes", e.getMessage());
        assertEquals(1202L, data(e).get("sizeBytes"));
        ApiException big = assertThrows(ApiException.class, () -> run("module.exports = () => ({ s: 'x'.repeat(5000) })", limits));
        assertEquals(ErrorCode.OUTPUT_TOO_LARGE, big.code());
        assertEquals("The output is at least 5008 bytes of JSON, over the limit of 1000 bytes", big.getMessage());
        assertEquals("\"" + "x".repeat(990) + "\"", run("module.exports = () => 'x'.repeat(990)", limits).output().toString());
    }

    @Test
    void unserializableOutputIsACodeError() {
        ApiException e = assertThrows(ApiException.class,
            () -> run("module.exports = () => { const o = {}; o.self = o; return o; }", SandboxLimits.defaults()));
        assertEquals(ErrorCode.CUSTOM_CODE_ERROR, e.code());
        assertTrue(e.getMessage().startsWith("TypeError: ") && e.getMessage().toLowerCase().contains("circular"), e.getMessage());
    }
}
