package dev.actgate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.actgate.local.LocalPaths;
import dev.actgate.local.LocalRuntime;
import dev.actgate.testing.SamTemplate;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * {@code scripts/bench-act}: what {@code POST /act} adds on top of the app it calls. Starts the local runtime
 * in-process (every function through its real handler, DynamoDB Local, the demo to-do API and its seeded
 * connection) in a temporary state folder, then, per concurrency level, sends a fixed number of requests after a
 * warm-up — {@code /act} inline {@code api} GET /todos through connection {@code demo-todos}, and the same GET
 * straight to the demo app with its API key — and reports latency percentiles, throughput, the overhead, and the
 * DynamoDB calls one /act makes (counted by {@link CountingDynamoProxy} in a separate phase, so the proxy does not
 * inflate the latency figures). Loopback only. See docs/benchmarks.md.
 */
public final class ActBench {
    static final List<String> FLAGS = List.of("requests", "warmup", "concurrency", "count-requests", "todos", "tcp-nodelay",
        "state-base", "rounds");

    record Settings(int requests, int warmup, List<Integer> levels, int countRequests, int todos, boolean noDelay, Path stateBase) {
    }

    record Result(String target, int concurrency, int requests, double[] sortedMs, double wallMs, Map<Integer, Long> statuses,
                  long errors, double cpuMs) {
        /** CPU time of this whole JVM (client, emulated gateway, functions, demo app, DynamoDB Local) per request. */
        double cpuMsPerRequest() {
            return cpuMs / requests;
        }

        double p(double q) {
            return BenchSupport.percentile(sortedMs, q);
        }

        double mean() {
            return Arrays.stream(sortedMs).average().orElse(Double.NaN);
        }

        double max() {
            return sortedMs.length == 0 ? Double.NaN : sortedMs[sortedMs.length - 1];
        }

        double throughput() {
            return requests / (wallMs / 1000.0);
        }
    }

    /** DynamoDB calls of {@code acts} /act requests naming the connection by {@code selector}. */
    record Counted(String selector, int acts, Map<String, Long> calls, Map<String, Double> millis, Result result) {
        long total() {
            return calls.values().stream().mapToLong(Long::longValue).sum();
        }

        double totalMillis() {
            return millis.values().stream().mapToDouble(Double::doubleValue).sum();
        }
    }

    /** Measured rounds per level ({@code --rounds}); for the report. */
    private static int rounds = 1;

    private ActBench() {
    }

    public static void main(String[] args) {
        BenchSupport.main("bench-act", args, ActBench::run);
    }

    static int run(String[] args) throws Exception {
        Map<String, String> flags = BenchSupport.flags(args, FLAGS);
        if (flags.containsKey("help")) {
            System.out.println("""
                usage: scripts/bench-act [--requests N] [--warmup N] [--concurrency 1,8] [--count-requests N] [--todos N]
                  --requests N        measured requests per target and concurrency level (default 2000)
                  --warmup N          unmeasured requests before each measured set (default 200)
                  --concurrency LIST  comma-separated numbers of parallel clients (default 1,8)
                  --count-requests N  /act requests per connection selector sent through the DynamoDB counting proxy (default 200)
                  --todos N           to-dos in the demo app, i.e. the size of each GET /todos answer (default 5)
                  --tcp-nodelay B     TCP_NODELAY on the local HTTP servers (default true; false = as scripts/dev runs)
                  --state-base DIR    where the temporary state folder goes (default /dev/shm when writable, else the
                                      system temp dir): DynamoDB Local keeps its tables there in SQLite files
                """);
            return 0;
        }
        List<Integer> levels = new ArrayList<>();
        for (String s : flags.getOrDefault("concurrency", "1,8").split(",")) {
            try {
                int c = Integer.parseInt(s.trim());
                if (c < 1 || c > 256) {
                    throw new NumberFormatException();
                }
                levels.add(c);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--concurrency takes numbers from 1 to 256, e.g. 1,8");
            }
        }
        Settings settings = new Settings(BenchSupport.intFlag(flags, "requests", 2000, 1, 1_000_000),
            BenchSupport.intFlag(flags, "warmup", 200, 0, 1_000_000), levels,
            BenchSupport.intFlag(flags, "count-requests", 200, 1, 100_000), BenchSupport.intFlag(flags, "todos", 5, 0, 10_000),
            Boolean.parseBoolean(flags.getOrDefault("tcp-nodelay", "true")), stateBase(flags.get("state-base")));

        // The local HTTP servers (the emulated API Gateway, the demo app) are com.sun.net.httpserver, which writes the
        // response headers and body in two segments and leaves Nagle on: with the client's delayed ACK every hop then
        // waits ~40 ms on Linux. That is a property of the local emulation, not of actgate, so it is off by default here.
        // It is read once, when the first HttpServer is created, so it has to be set before the runtime starts.
        System.setProperty("sun.net.httpserver.nodelay", Boolean.toString(settings.noDelay()));

        Path root = SamTemplate.locate().getParent();
        Path state = Files.createTempDirectory(settings.stateBase(), "actgate-bench-act-");
        String loadBefore = BenchSupport.loadAverage();
        CountingDynamoProxy proxy = null;
        BaselineGateway baseline = null;
        try {
            System.err.println("bench-act: starting the local runtime (state in " + state + ")");
            LocalRuntime runtime = LocalRuntime.start(LocalPaths.of(root, state), "127.0.0.1", 0, 0, null);
            String api = "http://127.0.0.1:" + runtime.port();
            String tenantToken = runtime.token(LocalRuntime.DEFAULT_TENANT, false);
            String managerToken = runtime.token(null, true);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).proxy(HttpClient.Builder.NO_PROXY)
                .connectTimeout(Duration.ofSeconds(10)).build();
            ObjectMapper json = new ObjectMapper();

            // The demo app: its base URL from the seeded integration, its key from the state folder.
            JsonNode integration = json.readTree(send(http, HttpRequest.newBuilder(URI.create(api + "/integrations/demo-todos"))
                .header("Authorization", "Bearer " + managerToken).GET(), 200));
            String upstream = integration.path("baseUrl").asText();
            if (!upstream.startsWith("http://127.0.0.1:")) {
                throw new IllegalStateException("Unexpected demo base URL " + upstream);
            }
            String connectionId = json.readTree(send(http, HttpRequest.newBuilder(URI.create(api + "/connections/demo-todos"))
                .header("Authorization", "Bearer " + tenantToken).GET(), 200)).path("id").asText();
            String apiKey = demoApiKey(state);
            for (int i = 1; i <= settings.todos(); i++) {
                send(http, HttpRequest.newBuilder(URI.create(upstream + "/todos")).header("X-Api-Key", apiKey)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"Benchmark to-do " + i + "\"}")), 201);
            }
            Supplier<HttpRequest> act = act(api, tenantToken, "\"connectionKey\":\"demo-todos\"");
            Supplier<HttpRequest> actById = act(api, tenantToken, "\"connectionId\":\"" + connectionId + "\"");
            Supplier<HttpRequest> direct = () -> HttpRequest.newBuilder(URI.create(upstream + "/todos")).timeout(Duration.ofSeconds(30))
                .header("X-Api-Key", apiKey).GET().build();

            // Both answers must be the same list before anything is timed.
            JsonNode viaAct = json.readTree(http.send(act.get(), HttpResponse.BodyHandlers.ofByteArray()).body());
            JsonNode straight = json.readTree(http.send(direct.get(), HttpResponse.BodyHandlers.ofByteArray()).body());
            if (!viaAct.path("output").equals(straight)) {
                throw new IllegalStateException("/act and the demo app disagree: " + viaAct + " vs " + straight);
            }
            // The baseline gateway: same JVM, same run, only the essential work (see BaselineGateway).
            baseline = new BaselineGateway(runtime.workspace().id(), LocalRuntime.DEFAULT_TENANT,
                runtime.workspace().secrets().stream().map(x -> x.value()).toList(), connectionId, upstream, apiKey);
            String baselineUrl = baseline.url();
            Supplier<HttpRequest> bare = () -> HttpRequest.newBuilder(URI.create(baselineUrl)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + tenantToken).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"connectionId\":\"" + connectionId + "\"}")).build();
            JsonNode viaBaseline = json.readTree(http.send(bare.get(), HttpResponse.BodyHandlers.ofByteArray()).body());
            if (!viaBaseline.path("output").equals(straight)) {
                throw new IllegalStateException("The baseline gateway and the demo app disagree: " + viaBaseline + " vs " + straight);
            }
            int responseBytes = json.writeValueAsBytes(straight).length;
            System.err.printf("bench-act: runtime on %s, demo app on %s, GET /todos returns %d to-dos (%d bytes)%n",
                api, upstream, straight.path("items").size(), responseBytes);

            // The measured requests of each level go in rounds (--rounds, default 10): every round sends its share to
            // /act, direct and baseline in turn, so a burst of load from elsewhere on a shared machine falls on all three
            // targets alike instead of on whichever happened to be running (--rounds 1: one block per target).
            rounds = BenchSupport.intFlag(flags, "rounds", 10, 1, 1000);
            List<Result> results = new ArrayList<>();
            List<String> targets = List.of("act", "direct", "baseline");
            for (int c : settings.levels()) {
                Map<String, List<Result>> parts = new LinkedHashMap<>();
                for (String target : targets) {
                    Supplier<HttpRequest> request = target.equals("act") ? act : target.equals("direct") ? direct : bare;
                    load(http, request, settings.warmup(), c, target + " warm-up");
                    parts.put(target, new ArrayList<>());
                }
                for (int round = 0; round < rounds; round++) {
                    int n = settings.requests() / rounds + (round < settings.requests() % rounds ? 1 : 0);
                    if (n == 0) {
                        continue;
                    }
                    for (String target : targets) {
                        Supplier<HttpRequest> request = target.equals("act") ? act : target.equals("direct") ? direct : bare;
                        parts.get(target).add(load(http, request, n, c, target));
                    }
                }
                for (String target : targets) {
                    Result r = merge(parts.get(target));
                    results.add(r);
                    System.err.printf(Locale.ROOT, "  %-6s c=%-3d p50 %7.2f ms  p99 %7.2f ms  %8.0f req/s  errors %d%n", target, c,
                        r.p(50), r.p(99), r.throughput(), r.errors);
                }
            }

            // The other two doors, counted the same way: the proxy, and a saved action doing the same GET.
            Supplier<HttpRequest> viaProxy = () -> HttpRequest.newBuilder(URI.create(api + "/connections/demo-todos/proxy/todos"))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + tenantToken).GET().build();
            send(http, HttpRequest.newBuilder(URI.create(api + "/actions")).header("Authorization", "Bearer " + managerToken)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"key\":\"bench-list-todos\","
                    + "\"integrationKey\":\"demo-todos\",\"type\":\"api-request-to-external-app\","
                    + "\"config\":{\"request\":{\"method\":\"GET\",\"path\":\"/todos\"}}}")), 201);
            Supplier<HttpRequest> savedAction = act(api, tenantToken, "\"connectionKey\":\"demo-todos\",\"key\":\"bench-list-todos\","
                + "\"input\":{}", false);
            JsonNode viaSaved = json.readTree(http.send(savedAction.get(), HttpResponse.BodyHandlers.ofByteArray()).body());
            if (!viaSaved.path("output").equals(straight)) {
                throw new IllegalStateException("The saved action and the demo app disagree: " + viaSaved + " vs " + straight);
            }

            // DynamoDB calls per /act, in steady state (after all of the above), through the counting proxy.
            proxy = new CountingDynamoProxy(URI.create(System.getProperty("aws.services.dynamodb.endpoint-override")));
            List<Counted> counted = List.of(count(http, proxy, act, "connectionKey", settings.countRequests()),
                count(http, proxy, actById, "connectionId", settings.countRequests()),
                count(http, proxy, viaProxy, "proxy", settings.countRequests()),
                count(http, proxy, savedAction, "savedAction", settings.countRequests()));
            if (proxy.failures() > 0) {
                System.err.println("bench-act: the counting proxy failed " + proxy.failures() + " time(s)");
            }
            RunLogItems.Measured items = RunLogItems.measure("actgate-run-logs");
            report(settings, results, counted, items, responseBytes, loadBefore, state.getParent().toString());
            return 0;
        } finally {
            if (proxy != null) {
                proxy.close();
            }
            if (baseline != null) {
                baseline.close();
            }
            // The runtime is not closed: LocalRuntime.close() closes each function's class loader while the act
            // function's Netty event loops are still shutting down, which prints NoClassDefFoundError noise. The
            // JVM exits right after this (main calls System.exit), which ends DynamoDB Local, the demo app and the
            // functions with it; only the state folder needs removing.
            BenchSupport.deleteTree(state);
        }
    }

    private static Supplier<HttpRequest> act(String api, String token, String selector) {
        return act(api, token, selector, true);
    }

    private static Supplier<HttpRequest> act(String api, String token, String selector, boolean inlineApi) {
        String body = "{" + selector + (inlineApi ? ",\"api\":{\"method\":\"GET\",\"path\":\"/todos\"}" : "") + "}";
        return () -> HttpRequest.newBuilder(URI.create(api + "/act")).timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static Counted count(HttpClient http, CountingDynamoProxy proxy, Supplier<HttpRequest> act, String selector, int n)
        throws Exception {
        proxy.counting(true);
        load(http, act, 20, 1, "/act by " + selector + " via counting proxy, warm-up");
        Thread.sleep(200);
        proxy.reset();
        Result r = load(http, act, n, 1, "/act by " + selector + " via counting proxy");
        Thread.sleep(200); // anything written after the response is counted too
        Counted c = new Counted(selector, n, proxy.snapshot(), proxy.millis(), r);
        proxy.counting(false);
        return c;
    }

    /** Sends {@code n} requests from {@code concurrency} clients (each waits for its answer before the next). */
    static Result load(HttpClient http, Supplier<HttpRequest> request, int n, int concurrency, String label) throws Exception {
        double[] latencies = new double[n];
        AtomicInteger next = new AtomicInteger();
        Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        LongAdder errors = new LongAdder();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        long cpuStart = processCpuNanos();
        long start = System.nanoTime();
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < concurrency; w++) {
                workers.add(pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < n) {
                        HttpRequest r = request.get();
                        long t0 = System.nanoTime();
                        int status;
                        try {
                            status = http.send(r, HttpResponse.BodyHandlers.ofByteArray()).statusCode();
                        } catch (IOException e) {
                            status = -1;
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                        latencies[i] = (System.nanoTime() - t0) / 1_000_000.0;
                        statuses.computeIfAbsent(status, k -> new LongAdder()).increment();
                        if (status != 200) {
                            errors.increment();
                        }
                    }
                }));
            }
            for (Future<?> f : workers) {
                f.get(30L * n + 60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        double wall = (System.nanoTime() - start) / 1_000_000.0;
        double cpu = (processCpuNanos() - cpuStart) / 1_000_000.0;
        double[] sorted = latencies.clone();
        Arrays.sort(sorted);
        Map<Integer, Long> st = new TreeMap<>();
        statuses.forEach((k, v) -> st.put(k, v.sum()));
        if (errors.sum() > 0) {
            System.err.println("  " + label + ": " + errors.sum() + " non-200 answer(s): " + st);
        }
        return new Result(label, concurrency, n, sorted, wall, st, errors.sum(), cpu);
    }

    /** The rounds of one target as one result: all latencies, summed wall and CPU time (throughput = requests ÷ wall). */
    static Result merge(List<Result> parts) {
        Result first = parts.get(0);
        int n = parts.stream().mapToInt(Result::requests).sum();
        double[] all = parts.stream().flatMapToDouble(p -> Arrays.stream(p.sortedMs())).sorted().toArray();
        Map<Integer, Long> st = new TreeMap<>();
        parts.forEach(p -> p.statuses().forEach((k, v) -> st.merge(k, v, Long::sum)));
        return new Result(first.target(), first.concurrency(), n, all, parts.stream().mapToDouble(Result::wallMs).sum(), st,
            parts.stream().mapToLong(Result::errors).sum(), parts.stream().mapToDouble(Result::cpuMs).sum());
    }

    private static void report(Settings s, List<Result> results, List<Counted> counted, RunLogItems.Measured items, int responseBytes,
                               String loadBefore,
                               String stateBase) throws IOException {
        String loadAfter = BenchSupport.loadAverage();
        ObjectMapper json = new ObjectMapper();
        ObjectNode summary = json.createObjectNode().put("bench", "act").put("date", LocalDate.now(ZoneOffset.UTC).toString())
            .put("machine", BenchSupport.machine()).put("loadAverageBefore", loadBefore).put("loadAverageAfter", loadAfter)
            .put("requests", s.requests()).put("rounds", rounds).put("warmup", s.warmup()).put("todos", s.todos()).put("responseBytes", responseBytes)
            .put("tcpNoDelay", s.noDelay()).put("stateBase", stateBase);

        System.out.println();
        System.out.println("POST /act (inline api GET /todos via connectionKey demo-todos) vs GET /todos straight to the demo app");
        System.out.println("Machine: " + BenchSupport.machine() + "; load average before " + loadBefore + ", after " + loadAfter);
        System.out.println(s.requests() + " measured requests per row after " + s.warmup() + " warm-up, in " + rounds
            + " round(s) of /act, direct, baseline in turn; closed loop (each client"
            + " waits for its answer); latency in ms as the client sees it; local HTTP servers with TCP_NODELAY " + s.noDelay()
            + "; DynamoDB Local data in " + stateBase);
        System.out.println();
        List<List<String>> rows = new ArrayList<>();
        ArrayNode latency = summary.putArray("latency");
        for (Result r : results) {
            rows.add(List.of(r.target.equals("act") ? "/act" : r.target, Integer.toString(r.concurrency), Integer.toString(r.requests),
                BenchSupport.fmt(r.p(50), 2), BenchSupport.fmt(r.p(90), 2), BenchSupport.fmt(r.p(99), 2),
                BenchSupport.fmt(r.mean(), 2), BenchSupport.fmt(r.max(), 1), BenchSupport.fmt(r.throughput(), 0),
                Long.toString(r.errors)));
            latency.addObject().put("target", r.target).put("concurrency", r.concurrency).put("requests", r.requests)
                .put("p50", BenchSupport.round(r.p(50), 3)).put("p90", BenchSupport.round(r.p(90), 3))
                .put("p99", BenchSupport.round(r.p(99), 3)).put("mean", BenchSupport.round(r.mean(), 3))
                .put("max", BenchSupport.round(r.max(), 3)).put("throughputPerSecond", BenchSupport.round(r.throughput(), 1))
                .put("errors", r.errors);
        }
        System.out.print(BenchSupport.table(List.of("target", "conc", "n", "p50", "p90", "p99", "mean", "max", "req/s", "errors"), rows));

        System.out.println();
        System.out.println("Overhead of /act: /act minus direct (ms), /act ÷ direct, and /act ÷ baseline gateway (same run)");
        System.out.println();
        List<List<String>> over = new ArrayList<>();
        ArrayNode overhead = summary.putArray("overhead");
        Map<Integer, Result[]> byLevel = new LinkedHashMap<>();
        for (Result r : results) {
            byLevel.computeIfAbsent(r.concurrency, k -> new Result[3])[r.target.equals("act") ? 0 : r.target.equals("direct") ? 1 : 2] = r;
        }
        byLevel.forEach((c, pair) -> {
            Result a = pair[0];
            Result d = pair[1];
            Result b = pair[2];
            over.add(List.of(Integer.toString(c),
                BenchSupport.fmt(a.p(50) - d.p(50), 2), BenchSupport.fmt(a.p(90) - d.p(90), 2), BenchSupport.fmt(a.p(99) - d.p(99), 2),
                BenchSupport.fmt(a.mean() - d.mean(), 2),
                BenchSupport.fmt(a.p(50) / d.p(50), 1) + "×", BenchSupport.fmt(a.p(99) / d.p(99), 1) + "×",
                BenchSupport.fmt(a.throughput() / d.throughput(), 3) + "×",
                BenchSupport.fmt(a.p(50) / b.p(50), 2) + "×", BenchSupport.fmt(a.p(99) / b.p(99), 2) + "×",
                BenchSupport.fmt(a.throughput() / b.throughput(), 3) + "×"));
            overhead.addObject().put("concurrency", c)
                .put("p50DiffMs", BenchSupport.round(a.p(50) - d.p(50), 3)).put("p90DiffMs", BenchSupport.round(a.p(90) - d.p(90), 3))
                .put("p99DiffMs", BenchSupport.round(a.p(99) - d.p(99), 3)).put("meanDiffMs", BenchSupport.round(a.mean() - d.mean(), 3))
                .put("p50Ratio", BenchSupport.round(a.p(50) / d.p(50), 2)).put("p99Ratio", BenchSupport.round(a.p(99) / d.p(99), 2))
                .put("throughputRatio", BenchSupport.round(a.throughput() / d.throughput(), 4))
                .put("baselineP50Ratio", BenchSupport.round(a.p(50) / b.p(50), 3))
                .put("baselineP99Ratio", BenchSupport.round(a.p(99) / b.p(99), 3))
                .put("baselineThroughputRatio", BenchSupport.round(a.throughput() / b.throughput(), 4));
        });
        System.out.print(BenchSupport.table(List.of("conc", "Δp50 ms", "Δp90 ms", "Δp99 ms", "Δmean ms", "p50 ratio", "p99 ratio",
            "req/s /act÷direct", "p50 ÷ baseline", "p99 ÷ baseline", "req/s ÷ baseline"), over));

        System.out.println();
        System.out.println("DynamoDB calls per /act (" + s.countRequests() + " /act per selector at concurrency 1 through a counting"
            + " proxy, after the runs above, i.e. warm: the workspace is cached for 60 s)");
        System.out.println();
        TreeSet<String> keys = new TreeSet<>();
        counted.forEach(c -> keys.addAll(c.calls().keySet()));
        List<String> header = new ArrayList<>(List.of("operation", "table"));
        counted.forEach(c -> header.add("per /act by " + c.selector()));
        header.add("DynamoDB Local ms/call");
        List<List<String>> dyn = new ArrayList<>();
        for (String key : keys) {
            List<String> row = new ArrayList<>(List.of(key.substring(0, key.indexOf(' ')), key.substring(key.indexOf(' ') + 1)));
            long n = 0;
            double ms = 0;
            for (Counted c : counted) {
                long calls = c.calls().getOrDefault(key, 0L);
                row.add(BenchSupport.fmt(calls / (double) c.acts(), 2));
                n += calls;
                ms += c.millis().getOrDefault(key, 0.0);
            }
            row.add(BenchSupport.fmt(n == 0 ? Double.NaN : ms / n, 2));
            dyn.add(row);
        }
        List<String> all = new ArrayList<>(List.of("all", ""));
        counted.forEach(c -> all.add(BenchSupport.fmt(c.total() / (double) c.acts(), 2)));
        long n = counted.stream().mapToLong(Counted::total).sum();
        all.add(BenchSupport.fmt(n == 0 ? Double.NaN : counted.stream().mapToDouble(Counted::totalMillis).sum() / n, 2));
        dyn.add(all);
        System.out.print(BenchSupport.table(header, dyn));
        System.out.println("(ms/call: DynamoDB Local's answer time as the proxy sees it — an emulator on this machine, not DynamoDB)");

        ObjectNode dynamo = summary.putObject("dynamodb");
        for (Counted c : counted) {
            ObjectNode node = dynamo.putObject("by" + Character.toUpperCase(c.selector().charAt(0)) + c.selector().substring(1));
            node.put("acts", c.acts()).put("errors", c.result().errors).put("callsPerAct", BenchSupport.round(c.total() / (double) c.acts(), 3))
                .put("dynamoLocalMsPerAct", BenchSupport.round(c.totalMillis() / c.acts(), 3))
                .put("actP50MsWithProxy", BenchSupport.round(c.result().p(50), 3));
            ObjectNode per = node.putObject("perAct");
            c.calls().forEach((k, v) -> per.put(k, BenchSupport.round(v / (double) c.acts(), 3)));
            ObjectNode byOp = node.putObject("perActByOperation");
            Map<String, Long> ops = new TreeMap<>();
            c.calls().forEach((k, v) -> ops.merge(k.substring(0, k.indexOf(' ')), v, Long::sum));
            ops.forEach((k, v) -> byOp.put(k, BenchSupport.round(v / (double) c.acts(), 3)));
        }

        Result act1 = results.stream().filter(r -> r.target.equals("act") && r.concurrency == 1).findFirst().orElse(null);
        Result direct1 = results.stream().filter(r -> r.target.equals("direct") && r.concurrency == 1).findFirst().orElse(null);
        Counted byKey = counted.get(0);
        if (act1 != null && direct1 != null && byKey.total() > 0) {
            double overheadMean = act1.mean() - direct1.mean();
            double dynamoMean = byKey.totalMillis() / byKey.acts();
            System.out.println();
            System.out.printf(Locale.ROOT, "At concurrency 1 the mean overhead of /act is %.2f ms: about %.2f ms waiting for DynamoDB Local"
                + " (%.1f calls) and about %.2f ms everything else (emulated API Gateway, handler, token check, upstream client,"
                + " run-log record).%n", overheadMean, dynamoMean, byKey.total() / (double) byKey.acts(), overheadMean - dynamoMean);
            summary.put("c1MeanOverheadMs", BenchSupport.round(overheadMean, 3))
                .put("c1MeanDynamoLocalMs", BenchSupport.round(dynamoMean, 3))
                .put("c1MeanOverheadMinusDynamoMs", BenchSupport.round(overheadMean - dynamoMean, 3));
        }
        // CPU per request: the whole JVM's CPU time over the measured set ÷ requests. /act minus direct is what the
        // gateway side adds (emulated API Gateway, act handler, DynamoDB Local's work for its calls) — an upper bound
        // of the act function's own CPU per call.
        System.out.println();
        System.out.println("CPU time per request (whole JVM, measured set ÷ requests; /act − direct = upper bound of the act function's"
            + " CPU per call, since it includes the emulated API Gateway and DynamoDB Local)");
        System.out.println();
        List<List<String>> cpuRows = new ArrayList<>();
        ArrayNode cpu = summary.putArray("cpu");
        byLevel.forEach((c, pair) -> {
            double a = pair[0].cpuMsPerRequest();
            double d = pair[1].cpuMsPerRequest();
            double b = pair[2].cpuMsPerRequest();
            cpuRows.add(List.of(Integer.toString(c), BenchSupport.fmt(a, 2), BenchSupport.fmt(d, 2), BenchSupport.fmt(b, 2),
                BenchSupport.fmt(a - d, 2), BenchSupport.fmt(b - d, 2)));
            cpu.addObject().put("concurrency", c).put("actCpuMsPerRequest", BenchSupport.round(a, 3))
                .put("directCpuMsPerRequest", BenchSupport.round(d, 3)).put("baselineCpuMsPerRequest", BenchSupport.round(b, 3))
                .put("actMinusDirectCpuMs", BenchSupport.round(a - d, 3)).put("baselineMinusDirectCpuMs", BenchSupport.round(b - d, 3));
        });
        System.out.print(BenchSupport.table(List.of("conc", "/act ms", "direct ms", "baseline ms", "/act − direct", "baseline − direct"),
            cpuRows));

        System.out.println();
        System.out.printf(Locale.ROOT, "Run-log items (%d, table actgate-run-logs): median %.0f B, p90 %.0f B, max %.0f B; index projections %s;"
                + " index entries median %.0f B, p90 %.0f B (projected attributes + keys + 100 B overhead)%n", items.items(), items.p50Bytes(),
            items.p90Bytes(), items.maxBytes(), items.indexProjections(), items.indexEntryP50Bytes(), items.indexEntryP90Bytes());
        System.out.printf(Locale.ROOT, "Write units per run log = ⌈item/1KB⌉ + Σ indexes ⌈entry/1KB⌉: median %.0f item + %.0f index = %.0f,"
            + " p90 %.0f%n", items.itemWriteUnitsP50(), items.indexWriteUnitsP50(), items.writeUnitsP50(), items.writeUnitsP90());
        ObjectNode runLog = summary.putObject("runLogItem").put("items", items.items())
            .put("p50Bytes", BenchSupport.round(items.p50Bytes(), 0)).put("p90Bytes", BenchSupport.round(items.p90Bytes(), 0))
            .put("maxBytes", BenchSupport.round(items.maxBytes(), 0))
            .put("indexEntryP50Bytes", BenchSupport.round(items.indexEntryP50Bytes(), 0))
            .put("indexEntryP90Bytes", BenchSupport.round(items.indexEntryP90Bytes(), 0))
            .put("itemWriteUnitsP50", items.itemWriteUnitsP50()).put("indexWriteUnitsP50", items.indexWriteUnitsP50())
            .put("writeUnitsP50", items.writeUnitsP50()).put("writeUnitsP90", items.writeUnitsP90());
        ObjectNode proj = runLog.putObject("indexProjections");
        items.indexProjections().forEach(proj::put);
        System.out.println();
        System.out.println(json.writeValueAsString(summary));
    }

    static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }

    private static byte[] send(HttpClient http, HttpRequest.Builder request, int expected) throws Exception {
        HttpResponse<byte[]> r = http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != expected) {
            throw new IllegalStateException(r.request().method() + " " + r.uri() + " answered " + r.statusCode() + ": "
                + new String(r.body(), StandardCharsets.UTF_8));
        }
        return r.body();
    }

    private static String demoApiKey(Path state) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(state.resolve("demo.properties"))) {
            p.load(in);
        }
        return p.getProperty("apiKey");
    }

    /**
     * DynamoDB Local (on disk in the local runtime) syncs SQLite on every write, which on a slow disk costs tens of
     * milliseconds per PutItem — a cost of the emulator, not of DynamoDB. A RAM-backed folder keeps that out.
     */
    static Path stateBase(String configured) {
        if (configured != null) {
            return Path.of(configured);
        }
        Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
    }
}
