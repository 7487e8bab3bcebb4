package dev.actgate.local.adversarial;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actgate.shared.workspaces.Workspace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Malformed and random requests with a valid token across every route of template.yaml: never a 5xx, and every 4xx
 * in the documented error shape. Request #n depends only on the seed ({@code -Dadversarial.seed}), so a finding
 * reproduces with the same seed and index; the run stops early at {@code -Dadversarial.fuzz.seconds} (default 60)
 * so the suite stays within its time bound, and says so. A fixed list of targeted edge cases runs first.
 */
@ExtendWith(Suite.Extension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdversarialFuzzTest {
    static final int COUNT = Integer.getInteger("adversarial.fuzz.count", 2_400);
    static final int SECONDS = Integer.getInteger("adversarial.fuzz.seconds", 60);
    static final int THREADS = Integer.getInteger("adversarial.fuzz.threads", 4);

    static Suite s;
    static Tally.Category cat;
    static long started;
    static Workspace ws;
    static String manager;
    static String tenant;
    static Fuzzer.Known known;
    static List<Routes.Route> routes;

    @BeforeAll
    static void setUp() {
        s = Suite.get();
        cat = s.tally.category("fuzz");
        cat.about = "targeted malformed requests, then seeded random bodies/headers/queries/path segments on every template.yaml route with a valid token (expect no 5xx, the documented error body on every 4xx, and a run log for every actionRunId)";
        started = System.nanoTime();
        routes = Routes.all(s.root);
        // Its own workspace: fuzzing PATCHes, archives and renames whatever it finds.
        ws = s.createWorkspace("adv-fuzz");
        manager = Suite.managerToken(ws, "fuzz-tenant");
        tenant = Suite.tenantToken(ws, "fuzz-tenant");
        JsonNode integration = s.ensureIntegration(manager, "fuzz-app", s.canary.baseUrl() + "/fuzz");
        JsonNode connection = s.createConnection(manager, "fuzz-app", "fuzz-conn", "fuzz-key-" + Suite.SEED);
        RawHttp.Response run = s.call("POST", "/act", manager, Map.of("connectionKey", "fuzz-conn", "api", Map.of("method", "GET", "path", "/x")));
        known = new Fuzzer.Known("fuzz-app", integration.path("id").asText(), "fuzz-conn", connection.path("id").asText(),
            run.json().path("actionRunId").asText("run_" + "0".repeat(26)), s.canary.baseUrl());
    }

    @AfterAll
    static void report() {
        cat.millis = (System.nanoTime() - started) / 1_000_000;
        System.out.println(cat.report());
    }

    static String judge(RawHttp.Request req, RawHttp.Response res) {
        if (res.failure() != null) {
            return "no HTTP response: " + res.failure();
        }
        if (res.status() >= 500) {
            return "5xx";
        }
        if (res.status() >= 400 && !req.method().equals("HEAD")) {
            if (isScreen(req.target()) && String.valueOf(res.header("Content-Type")).startsWith("text/html")) {
                return null;   // the hosted connect pages answer errors as HTML pages for the person in front of them
            }
            return Suite.errorShapeProblem(res);
        }
        return null;
    }

    static boolean isScreen(String target) {
        return target.startsWith("/screens/") || target.startsWith("/oauth/");
    }

    /** Groups findings: a 5xx by route and code; a malformed 4xx by status and what is wrong (the route does not matter). */
    static String signature(String route, RawHttp.Request req, RawHttp.Response res, String problem) {
        if (res.failure() != null) {
            return "fuzz " + route + " -> no HTTP response";
        }
        String code = res.status() + " " + Suite.code(res);
        if (problem.equals("5xx")) {
            return "fuzz " + route + " -> " + code;
        }
        if (problem.startsWith("run log")) {
            return "fuzz " + route + " -> " + code + ", its run log is missing";
        }
        boolean origin = req.headers().stream().anyMatch(h -> h[0].equalsIgnoreCase("Origin"));
        return "fuzz any route -> " + code + " (" + RawHttp.cap(problem, 60) + ")" + (origin ? " [request had an Origin header]" : "");
    }

    /** Every dispatch that answers with an actionRunId must have written that run log (README: a run log for every dispatch). */
    static String runLogProblem(RawHttp.Request req, RawHttp.Response res) {
        String run = res.json().path("actionRunId").asText(null);
        if (run == null) {
            return null;
        }
        String token = req.headers().stream().filter(h -> h[0].equals("Authorization")).map(h -> h[1].substring("Bearer ".length()))
            .findFirst().orElse(manager);
        RawHttp.Response log = s.send(RawHttp.Request.of("GET", "/action-run-logs/" + run).bearer(token));
        return log.status() == 200 ? null : "run log " + run + " of this dispatch is missing (GET /action-run-logs/" + run + " -> "
            + log.status() + " " + Suite.code(log) + ")";
    }

    /** Minimal, hand-written cases: each isolates one way of being malformed. */
    static List<Object[]> targeted() {
        String conn = known.connectionKey();
        List<Object[]> c = new ArrayList<>();
        // pagination and query values
        c.add(new Object[] {"GET /actions?cursor=-5", RawHttp.Request.of("GET", "/actions?cursor=-5")});
        c.add(new Object[] {"GET /actions?cursor=2147483647", RawHttp.Request.of("GET", "/actions?cursor=2147483647")});
        c.add(new Object[] {"GET /actions?cursor=99999999999", RawHttp.Request.of("GET", "/actions?cursor=99999999999")});
        c.add(new Object[] {"GET /connections?cursor=garbage", RawHttp.Request.of("GET", "/connections?cursor=garbage")});
        c.add(new Object[] {"GET /connections?cursor=<base64 json>", RawHttp.Request.of("GET", "/connections?cursor="
            + java.util.Base64.getUrlEncoder().encodeToString("{\"pk\":{\"S\":\"x\"}}".getBytes()))});
        c.add(new Object[] {"GET /integrations?cursor=garbage", RawHttp.Request.of("GET", "/integrations?cursor=%7B%7D")});
        c.add(new Object[] {"GET /action-run-logs?cursor=garbage", RawHttp.Request.of("GET", "/action-run-logs?cursor=AAAA")});
        c.add(new Object[] {"GET /action-run-logs?limit=-1", RawHttp.Request.of("GET", "/action-run-logs?limit=-1")});
        c.add(new Object[] {"GET /action-run-logs?from=yesterday", RawHttp.Request.of("GET", "/action-run-logs?from=yesterday&to=%00")});
        c.add(new Object[] {"GET /connections?limit=1e3", RawHttp.Request.of("GET", "/connections?limit=1e3")});
        // selectors
        c.add(new Object[] {"GET /connections/<empty key via %20>", RawHttp.Request.of("GET", "/connections/%20")});
        c.add(new Object[] {"GET /connections/<300 chars>", RawHttp.Request.of("GET", "/connections/" + "x".repeat(300))});
        c.add(new Object[] {"GET /connections/<2000 chars>", RawHttp.Request.of("GET", "/connections/" + "x".repeat(2000))});
        c.add(new Object[] {"GET /integrations/<2000 chars>", RawHttp.Request.of("GET", "/integrations/" + "x".repeat(2000))});
        c.add(new Object[] {"GET /integrations/%00", RawHttp.Request.of("GET", "/integrations/%00")});
        c.add(new Object[] {"GET /action-run-logs/<2000 chars>", RawHttp.Request.of("GET", "/action-run-logs/" + "x".repeat(2000))});
        c.add(new Object[] {"GET /action-run-logs/%20", RawHttp.Request.of("GET", "/action-run-logs/%20")});
        c.add(new Object[] {"GET /connectors/%00", RawHttp.Request.of("GET", "/connectors/%00")});
        c.add(new Object[] {"GET /connections/conn_<26 z>", RawHttp.Request.of("GET", "/connections/conn_" + "z".repeat(26))});
        // /act bodies
        c.add(new Object[] {"POST /act connectionKey \"\"", RawHttp.Request.of("POST", "/act")
            .json("{\"connectionKey\":\"\",\"api\":{\"method\":\"GET\",\"path\":\"/x\"}}")});
        c.add(new Object[] {"POST /act connectionId \"\"", RawHttp.Request.of("POST", "/act")
            .json("{\"connectionId\":\"\",\"api\":{\"method\":\"GET\",\"path\":\"/x\"}}")});
        c.add(new Object[] {"POST /act integrationKey \"\"", RawHttp.Request.of("POST", "/act")
            .json("{\"integrationKey\":\"\",\"api\":{\"method\":\"GET\",\"path\":\"/x\"}}")});
        c.add(new Object[] {"POST /act connectionKey 2000 chars", RawHttp.Request.of("POST", "/act")
            .json("{\"connectionKey\":\"" + "k".repeat(2000) + "\",\"api\":{\"method\":\"GET\",\"path\":\"/x\"}}")});
        c.add(new Object[] {"POST /act id \"\"", RawHttp.Request.of("POST", "/act").json("{\"id\":\"\",\"connectionKey\":\"" + conn + "\"}")});
        c.add(new Object[] {"POST /act key \"\"", RawHttp.Request.of("POST", "/act").json("{\"key\":\"\",\"connectionKey\":\"" + conn + "\"}")});
        c.add(new Object[] {"POST /act version 1e400", RawHttp.Request.of("POST", "/act").json("{\"key\":\"a\",\"version\":1e400}")});
        c.add(new Object[] {"POST /act version 1E+2147483648", RawHttp.Request.of("POST", "/act").json("{\"key\":\"a\",\"version\":1E+2147483648}")});
        c.add(new Object[] {"POST /act api.method G\\u0000ET", RawHttp.Request.of("POST", "/act")
            .json("{\"connectionKey\":\"" + conn + "\",\"api\":{\"method\":\"G\\u0000ET\",\"path\":\"/x\"}}")});
        c.add(new Object[] {"POST /act api.headers with CRLF", RawHttp.Request.of("POST", "/act")
            .json("{\"connectionKey\":\"" + conn + "\",\"api\":{\"method\":\"GET\",\"path\":\"/x\",\"headers\":{\"X-A\":\"a\\r\\nX-B: b\"}}}")});
        c.add(new Object[] {"POST /act api.headers bad name", RawHttp.Request.of("POST", "/act")
            .json("{\"connectionKey\":\"" + conn + "\",\"api\":{\"method\":\"GET\",\"path\":\"/x\",\"headers\":{\"X A:\":\"1\",\"\":\"2\"}}}")});
        c.add(new Object[] {"POST /act api.query name empty", RawHttp.Request.of("POST", "/act")
            .json("{\"connectionKey\":\"" + conn + "\",\"api\":{\"method\":\"GET\",\"path\":\"/x\",\"query\":{\"\":\"1\",\"a\":null,\"b\":[null,1e400]}}}")});
        c.add(new Object[] {"POST /act input 1 MB", RawHttp.Request.of("POST", "/act")
            .json("{\"connectionKey\":\"" + conn + "\",\"api\":{\"method\":\"POST\",\"path\":\"/x\",\"body\":\"" + "b".repeat(1_000_000) + "\"}}")});
        c.add(new Object[] {"POST /act deep input (2000)", RawHttp.Request.of("POST", "/act")
            .json("{\"connectionKey\":\"" + conn + "\",\"code\":\"module.exports=1\",\"input\":" + "[".repeat(2000) + "]".repeat(2000) + "}")});
        c.add(new Object[] {"POST /act input nested 999 deep (parses; its run log is 1001 deep)", RawHttp.Request.of("POST", "/act")
            .json("{\"connectionKey\":\"" + conn + "\",\"code\":\"module.exports=1\",\"input\":" + "[".repeat(999) + "]".repeat(999) + "}")});
        c.add(new Object[] {"POST /act deep body (1500)", RawHttp.Request.of("POST", "/act").json("[".repeat(1500) + "]".repeat(1500))});
        c.add(new Object[] {"POST /act meta deep (900)", RawHttp.Request.of("POST", "/act")
            .json("{\"connectionKey\":\"" + conn + "\",\"api\":{\"method\":\"GET\",\"path\":\"/x\"},\"meta\":" + "{\"a\":".repeat(900) + "1" + "}".repeat(900) + "}")});
        c.add(new Object[] {"POST /act Idempotency-Key 5000 chars", RawHttp.Request.of("POST", "/act").header("Idempotency-Key", "i".repeat(5000))
            .json("{\"connectionKey\":\"" + conn + "\",\"api\":{\"method\":\"GET\",\"path\":\"/x\"}}")});
        c.add(new Object[] {"POST /act idempotencyKey object", RawHttp.Request.of("POST", "/act")
            .json("{\"connectionKey\":\"" + conn + "\",\"api\":{\"method\":\"GET\",\"path\":\"/x\"},\"idempotencyKey\":{\"a\":1}}")});
        // writes
        c.add(new Object[] {"POST /connections meta 500 KB", RawHttp.Request.of("POST", "/connections")
            .json("{\"integrationKey\":\"" + known.integrationKey() + "\",\"credentials\":{\"apiKey\":\"k\"},\"meta\":{\"a\":\"" + "m".repeat(500_000) + "\"}}")});
        c.add(new Object[] {"PATCH /connections/{sel} meta 500 KB", RawHttp.Request.of("PATCH", "/connections/" + conn)
            .json("{\"meta\":{\"a\":\"" + "m".repeat(500_000) + "\"}}")});
        c.add(new Object[] {"PATCH /integrations/{sel} meta 500 KB", RawHttp.Request.of("PATCH", "/integrations/" + known.integrationId())
            .json("{\"meta\":{\"a\":\"" + "m".repeat(500_000) + "\"}}")});
        c.add(new Object[] {"PATCH /integrations/{sel}/parameters 30 x 16 KB", RawHttp.Request.of("PATCH", "/integrations/" + known.integrationId() + "/parameters")
            .json(bigParameters())});
        c.add(new Object[] {"PATCH /integrations/{sel}/parameters name 100 KB", RawHttp.Request.of("PATCH", "/integrations/" + known.integrationId() + "/parameters")
            .json("{\"" + "n".repeat(100_000) + "\":\"v\"}")});
        c.add(new Object[] {"POST /connections credentials 30 x 16 KB", RawHttp.Request.of("POST", "/connections")
            .json("{\"integrationKey\":\"" + known.integrationKey() + "\",\"credentials\":{\"apiKey\":\"k\"},\"fields\":" + bigParameters() + "}")});
        c.add(new Object[] {"POST /integrations auth array", RawHttp.Request.of("POST", "/integrations").json("{\"key\":\"z\",\"baseUrl\":\"http://x\",\"auth\":[1]}")});
        c.add(new Object[] {"POST /integrations auth.type number", RawHttp.Request.of("POST", "/integrations")
            .json("{\"key\":\"z\",\"baseUrl\":\"http://x\",\"auth\":{\"type\":1,\"scopes\":\"a\",\"fields\":{}}}")});
        c.add(new Object[] {"POST /integrations auth.fields wrong shape", RawHttp.Request.of("POST", "/integrations")
            .json("{\"key\":\"z2\",\"baseUrl\":\"http://x\",\"auth\":{\"type\":\"api-key\",\"name\":\"k\",\"fields\":[{\"key\":null},1,\"s\"]}}")});
        c.add(new Object[] {"POST /integrations readTimeoutMs 1e400", RawHttp.Request.of("POST", "/integrations")
            .json("{\"key\":\"z3\",\"baseUrl\":\"http://x\",\"auth\":{\"type\":\"bearer\"},\"readTimeoutMs\":1e400}")});
        // transport level
        c.add(new Object[] {"POST /act invalid UTF-8 body", RawHttp.Request.of("POST", "/act").header("Content-Type", "application/json")
            .body(new byte[] {'{', '"', 'c', 'o', 'd', 'e', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'})});
        c.add(new Object[] {"POST /act UTF-16 body", RawHttp.Request.of("POST", "/act").header("Content-Type", "application/json; charset=utf-16")
            .body("{\"code\":\"module.exports=1\"}".getBytes(StandardCharsets.UTF_16))});
        c.add(new Object[] {"POST /act Content-Encoding gzip, plain body", RawHttp.Request.of("POST", "/act").header("Content-Encoding", "gzip")
            .json("{\"code\":\"module.exports=1\"}")});
        c.add(new Object[] {"POST /act text/plain", RawHttp.Request.of("POST", "/act").header("Content-Type", "text/plain")
            .body("{\"code\":\"module.exports=1\"}".getBytes())});
        c.add(new Object[] {"POST /act form", RawHttp.Request.of("POST", "/act").header("Content-Type", "application/x-www-form-urlencoded")
            .body("code=1&a=b".getBytes())});
        c.add(new Object[] {"POST /act multipart", RawHttp.Request.of("POST", "/act").header("Content-Type", "multipart/form-data; boundary=xyz")
            .body("--xyz\r\nContent-Disposition: form-data; name=\"code\"\r\n\r\nmodule.exports=1\r\n--xyz--\r\n".getBytes())});
        c.add(new Object[] {"POST /act no Content-Type", RawHttp.Request.of("POST", "/act").body("{\"code\":\"module.exports=1\"}".getBytes())});
        c.add(new Object[] {"POST /act Accept: application/xml", RawHttp.Request.of("POST", "/act").header("Accept", "application/xml").json("{}")});
        c.add(new Object[] {"GET /connections Accept: text/html", RawHttp.Request.of("GET", "/connections").header("Accept", "text/html")});
        c.add(new Object[] {"X-Note header with a control character", RawHttp.Request.of("GET", "/connections").header("X-Note", "a\u0001b")});
        c.add(new Object[] {"GET with a form body holding a bad escape", RawHttp.Request.of("GET", "/connections")
            .header("Content-Type", "application/x-www-form-urlencoded").body("a=%zz".getBytes())});
        c.add(new Object[] {"GET with a form body", RawHttp.Request.of("GET", "/connections")
            .header("Content-Type", "application/x-www-form-urlencoded").body("limit=5".getBytes())});
        c.add(new Object[] {"Cookie header garbage", RawHttp.Request.of("GET", "/connections").header("Cookie", "=; ;;; a=\u00ff")});
        c.add(new Object[] {"Origin header", RawHttp.Request.of("OPTIONS", "/act").header("Origin", "https://evil.example")
            .header("Access-Control-Request-Method", "POST")});
        c.add(new Object[] {"TRACE /act", RawHttp.Request.of("TRACE", "/act")});
        c.add(new Object[] {"PATCH /act", RawHttp.Request.of("PATCH", "/act").json("{}")});
        c.add(new Object[] {"GET /act", RawHttp.Request.of("GET", "/act")});
        c.add(new Object[] {"DELETE /connections", RawHttp.Request.of("DELETE", "/connections")});
        c.add(new Object[] {"POST /action-run-logs", RawHttp.Request.of("POST", "/action-run-logs").json("{}")});
        c.add(new Object[] {"body over 6 MB", RawHttp.Request.of("POST", "/act").json("{\"code\":\"" + "a".repeat(6 * 1024 * 1024 + 1) + "\"}")});
        c.add(new Object[] {"proxy path 2000 segments", RawHttp.Request.of("GET", "/connections/" + conn + "/proxy" + "/a".repeat(2000))});
        c.add(new Object[] {"proxy query 5000 params", RawHttp.Request.of("GET", "/connections/" + conn + "/proxy/x?" + "a=1&".repeat(5000))});
        c.add(new Object[] {"proxy repeated query param", RawHttp.Request.of("GET", "/connections/" + conn + "/proxy/x?a=1&a=2&a=&a")});
        return c;
    }

    static String bigParameters() {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < 30; i++) {
            b.append(i == 0 ? "" : ",").append("\"p").append(i).append("\":\"").append("v".repeat(16_000)).append('"');
        }
        return b.append('}').toString();
    }

    /** One dynamic test per targeted malformed request, named for it. */
    @TestFactory
    @Order(1)
    Stream<DynamicTest> targetedMalformedRequests() {
        List<Object[]> cases = targeted();
        cat.note(cases.size() + " targeted malformed requests");
        return cases.stream().map(c -> cat.attempt("targeted: " + c[0], () -> {
            RawHttp.Request req = ((RawHttp.Request) c[1]).bearer(manager);
            RawHttp.Response res = s.send(req);
            String problem = judge(req, res);
            if (problem == null) {
                problem = runLogProblem(req, res);
            }
            if (problem != null && ((String) c[0]).startsWith("body over 6 MB") && res.failure() != null) {
                // The local gateway answers 413 after reading 6 MB and closes; the unread rest of the body can make the
                // client see a reset instead. API Gateway enforces its own limit in AWS, so this is not a product finding.
                cat.note("body over 6 MB: the local gateway's 413 was lost to a connection reset (" + res.failure() + ")");
                problem = null;
            }
            cat.record("targeted: " + c[0] + " -> " + (res.failure() != null ? "no response" : res.status() + " " + Suite.code(res)),
                req, res, problem);
        }));
    }

    @Test
    @Order(2)
    void randomMalformedRequestsNeverGetA5xx() throws Exception {
        int base = cat.failures.get();
        Fuzzer fuzzer = new Fuzzer(Suite.SEED, known, tenant, manager);
        long deadline = System.nanoTime() + SECONDS * 1_000_000_000L;
        // -Dadversarial.fuzz.only=593,1363 replays just those requests (same seed, same request).
        List<Integer> only = System.getProperty("adversarial.fuzz.only", "").isBlank() ? null
            : java.util.Arrays.stream(System.getProperty("adversarial.fuzz.only").split(",")).map(String::trim).map(Integer::valueOf).toList();
        int planned = only == null ? COUNT : only.size();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        Map<String, AtomicInteger> byStatus = new java.util.concurrent.ConcurrentSkipListMap<>();
        for (int t = 0; t < THREADS; t++) {
            pool.submit(() -> {
                int n;
                while ((n = next.getAndIncrement()) < planned && System.nanoTime() < deadline) {
                    int i = only == null ? n : only.get(n);
                    Fuzzer.Generated g;
                    try {
                        g = fuzzer.generate(i, routes);
                    } catch (RuntimeException e) {
                        cat.check("generator #" + i, false, e.toString());
                        continue;
                    }
                    RawHttp.Response res = RawHttp.send(s.port, g.request(), 60_000);
                    String problem = judge(g.request(), res);
                    if (problem == null) {
                        problem = runLogProblem(g.request(), res);
                    }
                    byStatus.computeIfAbsent(res.failure() != null ? "none" : Integer.toString(res.status()), k -> new AtomicInteger()).incrementAndGet();
                    String route = g.label().substring(g.label().indexOf(' ') + 1, g.label().indexOf(" body="));
                    cat.record(problem == null ? g.label() : signature(route, g.request(), res, problem), g.label(),
                        g.request(), res, problem);
                    done.incrementAndGet();
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(SECONDS + 120L, TimeUnit.SECONDS);
        cat.note(done.get() + " random requests (seed " + Suite.SEED + ", " + THREADS + " threads) of " + planned + " planned"
            + (done.get() < planned ? " — STOPPED EARLY at the " + SECONDS + " s time bound" : "") + "; statuses " + byStatus);
        if (only == null && done.get() < 2_000) {
            // Not a product finding, so not a failure: the figure says the fuzz run is incomplete.
            s.tally.warn("fuzz stopped at " + done.get() + " of " + planned + " requests (time bound " + SECONDS
                + " s; raise -Dadversarial.fuzz.seconds on a slow or busy machine)");
        }
        cat.assertNoNewFailures(base);
    }
}
