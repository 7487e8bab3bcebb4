package dev.actgate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.actgate.local.LocalPaths;
import dev.actgate.local.LocalRuntime;
import dev.actgate.testing.SamTemplate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code scripts/bench-mcp}: what the MCP door costs. Starts the local runtime in-process, gives the seeded demo
 * connection {@code --actions} saved actions (default 500, integration level, each a GET /todos), then measures in one
 * run: the full {@code tools/list} (every page, following nextCursor) — latency and answer size — and
 * {@code tools/call} of one of those actions next to {@code POST /act} of the same action, sequentially, after a
 * warm-up. Loopback only; the figures are the local emulation's (DynamoDB Local, in-process functions), so they compare
 * doors with each other, not with AWS. See docs/benchmarks.md and docs/mcp.md.
 */
public final class McpBench {
    static final List<String> FLAGS = List.of("actions", "requests", "warmup", "lists", "state-base");

    private McpBench() {
    }

    public static void main(String[] args) {
        BenchSupport.main("bench-mcp", args, McpBench::run);
    }

    static int run(String[] args) throws Exception {
        Map<String, String> flags = BenchSupport.flags(args, FLAGS);
        if (flags.containsKey("help")) {
            System.out.println("""
                usage: scripts/bench-mcp [--actions N] [--requests N] [--warmup N] [--lists N]
                  --actions N    saved actions on the demo connection, i.e. tools in the list (default 500)
                  --lists N      measured full tools/list runs (default 30)
                  --requests N   measured tools/call and /act requests each (default 200)
                  --warmup N     unmeasured requests before each measured set (default 50)
                  --state-base D where the temporary state folder goes (default /dev/shm when writable)
                """);
            return 0;
        }
        int actions = BenchSupport.intFlag(flags, "actions", 500, 1, 5_000);
        int lists = BenchSupport.intFlag(flags, "lists", 30, 1, 10_000);
        int requests = BenchSupport.intFlag(flags, "requests", 200, 1, 100_000);
        int warmup = BenchSupport.intFlag(flags, "warmup", 50, 0, 100_000);
        System.setProperty("sun.net.httpserver.nodelay", "true"); // see ActBench: a property of the local emulation
        Path root = SamTemplate.locate().getParent();
        Path state = Files.createTempDirectory(ActBench.stateBase(flags.get("state-base")), "actgate-bench-mcp-");
        try {
            System.err.println("bench-mcp: starting the local runtime (state in " + state + ")");
            LocalRuntime runtime = LocalRuntime.start(LocalPaths.of(root, state), "127.0.0.1", 0, 0, null);
            String api = "http://127.0.0.1:" + runtime.port();
            String tenant = runtime.token(LocalRuntime.DEFAULT_TENANT, false);
            String manager = runtime.token(null, true);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).proxy(HttpClient.Builder.NO_PROXY)
                .connectTimeout(Duration.ofSeconds(10)).build();
            ObjectMapper json = new ObjectMapper();

            long t0 = System.nanoTime();
            for (int i = 1; i <= actions; i++) {
                String body = json.writeValueAsString(Map.of("integrationKey", "demo-todos", "key", String.format("bench-action-%04d", i),
                    "name", "Bench action " + i, "description", "Lists the to-dos (benchmark action " + i + ")",
                    "type", "api-request-to-external-app", "config", Map.of("request", Map.of("method", "GET", "path", "/todos")),
                    "inputSchema", Map.of("type", "object", "properties", Map.of("limit", Map.of("type", "integer", "minimum", 1)))));
                expect(http.send(post(api + "/actions", manager, body), HttpResponse.BodyHandlers.ofString()), 201);
            }
            System.err.printf("bench-mcp: %d saved actions created in %d ms%n", actions, (System.nanoTime() - t0) / 1_000_000);

            // tools/list: every page
            int tools = 0;
            int pages = 0;
            long bytes = 0;
            long largestPage = 0;
            double[] listMs = new double[lists];
            for (int run = -Math.min(warmup, 5); run < lists; run++) {
                long start = System.nanoTime();
                String cursor = null;
                int n = 0;
                int p = 0;
                long b = 0;
                do {
                    String params = cursor == null ? "{}" : "{\"cursor\":" + json.writeValueAsString(cursor) + "}";
                    HttpResponse<byte[]> r = http.send(post(api + "/mcp", tenant,
                        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":" + params + "}"), HttpResponse.BodyHandlers.ofByteArray());
                    expect(r.statusCode(), 200, r.body());
                    JsonNode result = json.readTree(r.body()).path("result");
                    n += result.path("tools").size();
                    b += r.body().length;
                    largestPage = Math.max(largestPage, r.body().length);
                    p++;
                    cursor = result.path("nextCursor").asText(null);
                } while (cursor != null);
                if (run >= 0) {
                    listMs[run] = (System.nanoTime() - start) / 1e6;
                }
                tools = n;
                pages = p;
                bytes = b;
            }
            if (tools < actions) {
                throw new IllegalStateException("tools/list showed " + tools + " tools for " + actions + " actions");
            }

            // tools/call next to /act, the same action through the same connection
            String call = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"demo-todos_bench-action-0001\","
                + "\"arguments\":{}}}";
            String act = "{\"key\":\"bench-action-0001\",\"connectionKey\":\"demo-todos\",\"input\":{}}";
            JsonNode viaMcp = json.readTree(http.send(post(api + "/mcp", tenant, call), HttpResponse.BodyHandlers.ofByteArray()).body());
            JsonNode viaAct = json.readTree(http.send(post(api + "/act", tenant, act), HttpResponse.BodyHandlers.ofByteArray()).body());
            if (viaMcp.path("result").path("isError").asBoolean(true)
                || !json.readTree(viaMcp.path("result").path("content").get(0).path("text").asText()).equals(viaAct.path("output"))) {
                throw new IllegalStateException("tools/call and /act disagree: " + viaMcp + " vs " + viaAct);
            }
            double[] callMs = timed(http, post(api + "/mcp", tenant, call), requests, warmup);
            double[] actMs = timed(http, post(api + "/act", tenant, act), requests, warmup);

            Arrays.sort(listMs);
            Arrays.sort(callMs);
            Arrays.sort(actMs);
            System.out.println("bench-mcp " + BenchSupport.machine());
            List<List<String>> rows = new ArrayList<>();
            rows.add(row("tools/list, all " + pages + " pages (" + tools + " tools)", listMs));
            rows.add(row("tools/call demo-todos_bench-action-0001", callMs));
            rows.add(row("POST /act {key: bench-action-0001}", actMs));
            System.out.print(BenchSupport.table(List.of("request", "n", "p50 ms", "p95 ms", "max ms"), rows));
            double overhead = BenchSupport.percentile(callMs, 50) - BenchSupport.percentile(actMs, 50);
            System.out.printf("bench-mcp: tools/list with %d actions: p50 %s ms for all %d pages, %d KB in total (largest page %d KB); "
                    + "tools/call p50 %s ms vs /act p50 %s ms for the same action (+%s ms)%n",
                actions, BenchSupport.fmt(BenchSupport.percentile(listMs, 50), 1), pages, bytes / 1024, largestPage / 1024,
                BenchSupport.fmt(BenchSupport.percentile(callMs, 50), 1), BenchSupport.fmt(BenchSupport.percentile(actMs, 50), 1),
                BenchSupport.fmt(overhead, 1));
            return 0;
        } finally {
            // Not closing the runtime, as in ActBench: the JVM exits right after (System.exit in main).
            BenchSupport.deleteTree(state);
        }
    }

    private static List<String> row(String what, double[] sorted) {
        return List.of(what, Integer.toString(sorted.length), BenchSupport.fmt(BenchSupport.percentile(sorted, 50), 1),
            BenchSupport.fmt(BenchSupport.percentile(sorted, 95), 1), BenchSupport.fmt(sorted[sorted.length - 1], 1));
    }

    private static double[] timed(HttpClient http, HttpRequest request, int n, int warmup) throws Exception {
        for (int i = 0; i < warmup; i++) {
            HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            expect(r.statusCode(), 200, r.body());
        }
        double[] ms = new double[n];
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            ms[i] = (System.nanoTime() - start) / 1e6;
            expect(r.statusCode(), 200, r.body());
        }
        return ms;
    }

    private static HttpRequest post(String url, String token, String body) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
            .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static void expect(HttpResponse<String> r, int status) {
        expect(r.statusCode(), status, r.body().getBytes(StandardCharsets.UTF_8));
    }

    private static void expect(int got, int status, byte[] body) {
        if (got != status) {
            throw new IllegalStateException("expected " + status + ", got " + got + ": " + new String(body, StandardCharsets.UTF_8));
        }
    }
}
