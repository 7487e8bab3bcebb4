package dev.actgate.act;

import dev.actgate.shared.testing.FunctionHarness;
import dev.actgate.shared.testing.TestEgress;
import dev.actgate.shared.testing.TestStorage;
import dev.actgate.shared.testing.TestWorkspaces;
import dev.actgate.shared.workspaces.Workspace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The watchdog interrupts a blocked host call (issue 11, item 10): a {@code code} run whose {@code api} call or nested
 * {@code membrane.act} waits on an upstream that accepts the connection and never answers is cut at the run's
 * deadline, the upstream connection is closed, and the run log says why. A real socket holds the connection open.
 */
class CodeDeadlineIntegrationTest {
    static final long CODE_TIMEOUT_MS = 3000;
    static FunctionHarness act;
    static ServerSocket silent;
    static final List<Long> closedAt = new CopyOnWriteArrayList<>();
    static final AtomicInteger accepted = new AtomicInteger();
    static Workspace ws;
    static String tenant;

    static void daemon(Runnable r) {
        Thread t = new Thread(r, "silent-upstream");
        t.setDaemon(true);
        t.start();
    }

    /** Accepts, reads the request, never answers; records when the client closes its side. */
    static void serve() {
        while (!silent.isClosed()) {
            try {
                Socket s = silent.accept();
                accepted.incrementAndGet();
                daemon(() -> {
                    try (s; InputStream in = s.getInputStream()) {
                        byte[] buf = new byte[4096];
                        while (in.read(buf) >= 0) {
                            // keep reading: the request, then nothing until the client gives up
                        }
                        closedAt.add(System.nanoTime());
                    } catch (IOException e) {
                        closedAt.add(System.nanoTime());
                    }
                });
            } catch (IOException e) {
                return;
            }
        }
    }

    @BeforeAll
    static void start() throws IOException {
        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        daemon(CodeDeadlineIntegrationTest::serve);
        TestEgress.allow(silent.getLocalPort());
        act = FunctionHarness.start(Map.of("actgate.sandbox.timeout-ms", String.valueOf(CODE_TIMEOUT_MS)));
        ws = TestWorkspaces.create();
        tenant = TestWorkspaces.tenantToken(ws, "slowpoke");
        ActTestSetup.integration(ws, "silent-app", "http://127.0.0.1:" + silent.getLocalPort() + "/s", Map.of("type", "bearer"),
            Map.of("readTimeoutMs", 20000));
        ActTestSetup.connection(ws, "slowpoke", "silent-app", "silent", Map.of("token", "silent-token-123456"), false);
        // The first JavaScript run of a JVM initialises the engine: not part of what is measured.
        act.request("POST", "/act").bearer(tenant).json(Map.of("connectionKey", "silent", "code", "module.exports = async () => 1")).send();
    }

    @AfterAll
    static void stop() throws IOException {
        act.close();
        silent.close();
        TestEgress.forget(silent.getLocalPort());
    }

    void assertCutAtTheDeadline(String code, String name) throws Exception {
        int acceptedBefore = accepted.get();
        int closedBefore = closedAt.size();
        long t0 = System.nanoTime();
        FunctionHarness.Response r = act.request("POST", "/act").bearer(tenant)
            .json(Map.of("connectionKey", "silent", "code", code)).send();
        long took = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(422, r.status(), name + ": " + r);
        assertTrue(r.body().contains("CUSTOM_CODE_TIMEOUT"), r.body());
        assertTrue(took < CODE_TIMEOUT_MS + 4_000, name + ": the run ended near its " + CODE_TIMEOUT_MS
            + " ms deadline, not at the 20 s read timeout: " + took + " ms");
        assertTrue(accepted.get() > acceptedBefore, name + ": the request reached the silent upstream");
        long waitUntil = System.nanoTime() + 3_000_000_000L;
        while (closedAt.size() == closedBefore && System.nanoTime() < waitUntil) {
            Thread.sleep(20);
        }
        assertTrue(closedAt.size() > closedBefore, name + ": the upstream connection was closed when the call was cut");
        assertEquals(1, accepted.get() - acceptedBefore, name + ": no retry after the deadline");

        String runId = r.json().path("actionRunId").asText(r.json().path("data").path("actionRunId").asText());
        Map<String, AttributeValue> log = runLog(runId);
        assertTrue(log.get("s").s().contains("\"deadline\""), "the run log's outcome is deadline: " + log.get("s").s());
        assertTrue(log.toString().contains("reached its deadline"), "the run log says why");
    }

    static Map<String, AttributeValue> runLog(String runId) {
        for (var item : TestStorage.client().scan(b -> b.tableName(TestStorage.tableNames().runLogs())).items()) {
            if (item.get("pk").s().startsWith(ws.id()) && item.toString().contains(runId)) {
                return dev.actgate.shared.testing.StoredRunLogs.readable(item);
            }
        }
        throw new AssertionError("no run log " + runId);
    }

    @Test
    void aBlockedApiCallIsInterruptedAtTheDeadline() throws Exception {
        assertCutAtTheDeadline("module.exports = async ({ api }) => api.get('/hang')", "api");
    }

    @Test
    void aBlockedNestedActIsInterruptedAtTheDeadline() throws Exception {
        assertCutAtTheDeadline("module.exports = async ({ membrane }) => "
            + "membrane.act({ connectionKey: 'silent', api: { method: 'POST', path: '/hang', body: { a: 1 } } })", "membrane.act");
    }
}
