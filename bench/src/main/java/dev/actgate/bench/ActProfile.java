package dev.actgate.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.actgate.local.LocalPaths;
import dev.actgate.local.LocalRuntime;
import dev.actgate.testing.SamTemplate;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Where a warm {@code POST /act} spends its CPU: starts the local runtime (as bench-act does), sends {@code --warmup}
 * unmeasured {@code /act} requests (inline api GET /todos through {@code demo-todos}), then records a JFR profile
 * (the JDK's "profile" settings) over {@code --requests} more at one client, and prints, over the execution samples
 * whose stack is inside the act function's handler: the top frames that are not the JDK's, and inclusive shares of
 * the pieces of the path. The recording is kept ({@code --jfr FILE}) for {@code jfr print}.
 * <pre>
 * java -XX:FlightRecorderOptions:stackdepth=1024 -cp "bench/target/classes:local/target/classes:local/target/lambda/lib/*" \
 *   dev.actgate.bench.ActProfile --requests 3000
 * </pre>
 * The stack depth matters: JFR keeps 64 frames by default, and a Micronaut request is deeper than that, so without the
 * flag the handler's frame is cut off most samples and they are not counted as the handler's.
 */
public final class ActProfile {
    static final List<String> FLAGS = List.of("requests", "warmup", "jfr", "top", "saved", "baseline");
    /** The frame that marks a sample as the act function's handler's, and the baseline gateway's. */
    static final String ACT_HANDLER = "io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction";
    static final String BASELINE_HANDLER = "dev.actgate.bench.BaselineGateway$Handler.handleRequest";

    /** Inclusive buckets: a sample counts in each bucket one of whose patterns matches a frame of its stack. */
    static final Map<String, Pattern> BUCKETS = new LinkedHashMap<>();

    static {
        BUCKETS.put("event → request, response → event (function-aws-api-proxy)", Pattern.compile(
            "io\\.micronaut\\.function\\.aws\\.proxy\\.payload2\\.APIGatewayV2HTTPEvent(Servlet(Request|Response)|Function\\.(createExchange|createRequest))|ServletHttpHandler\\.(encode|createExchange)"));
        BUCKETS.put("routing, filters, binding (Micronaut HTTP server)", Pattern.compile("io\\.micronaut\\.http\\.server\\.|io\\.micronaut\\.web\\.router"));
        BUCKETS.put("security: token check (WorkspaceTokenValidator, Nimbus)", Pattern.compile("dev\\.actgate\\.shared\\.auth|com\\.nimbusds"));
        BUCKETS.put("idempotency interceptor", Pattern.compile("dev\\.actgate\\.shared\\.idempotency"));
        BUCKETS.put("ActEngine (dispatch, resolution, run)", Pattern.compile("dev\\.actgate\\.act\\.ActEngine"));
        BUCKETS.put("  resolution (DispatchResolver, caches)", Pattern.compile("dev\\.actgate\\.shared\\.dispatch|Caching(Connection|Integration|Action)Repository"));
        BUCKETS.put("  credential decryption", Pattern.compile("dev\\.actgate\\.shared\\.credentials"));
        BUCKETS.put("  upstream call (UpstreamCaller → UpstreamClient, Netty)", Pattern.compile("dev\\.actgate\\.act\\.UpstreamCaller"));
        BUCKETS.put("  run-log record (RunRecorder, Redactor, repository)", Pattern.compile("dev\\.actgate\\.act\\.RunRecorder|dev\\.actgate\\.shared\\.runs"));
        BUCKETS.put("  approvals gate", Pattern.compile("dev\\.actgate\\.shared\\.approvals"));
        BUCKETS.put("AWS SDK (DynamoDB client, all calls)", Pattern.compile("software\\.amazon\\.awssdk"));
        BUCKETS.put("  SDK PutItem (DefaultDynamoDbClient.putItem)", Pattern.compile("DefaultDynamoDbClient\\.putItem"));
        BUCKETS.put("  SDK GetItem (DefaultDynamoDbClient.getItem)", Pattern.compile("DefaultDynamoDbClient\\.getItem"));
        BUCKETS.put("  enhanced client (table schema → item map)", Pattern.compile("software\\.amazon\\.awssdk\\.enhanced"));
        BUCKETS.put("  SigV4 signing", Pattern.compile("software\\.amazon\\.awssdk\\.http\\.auth\\.aws\\.internal\\.signer|Aws4Signer|AwsV4HttpSigner"));
        BUCKETS.put("  request marshalling (JSON protocol)", Pattern.compile("software\\.amazon\\.awssdk\\.protocols\\.json\\.internal\\.marshall"));
        BUCKETS.put("  response unmarshalling", Pattern.compile("software\\.amazon\\.awssdk\\.protocols\\.json\\.internal\\.unmarshall"));
        BUCKETS.put("  endpoint rules (endpoint provider per call)", Pattern.compile("EndpointProvider|EndpointRules|endpoints\\.internal|ResolveEndpoint"));
        BUCKETS.put("  metric publishers (MetricPublisher.publish)", Pattern.compile("MetricPublisher"));
        BUCKETS.put("  interceptors (ExecutionInterceptorChain)", Pattern.compile("ExecutionInterceptorChain"));
        BUCKETS.put("  HTTP transport (UrlConnectionHttpClient)", Pattern.compile("software\\.amazon\\.awssdk\\.http\\.urlconnection"));
        BUCKETS.put("  CRC32 / checksums", Pattern.compile("Crc32|Checksum|checksum"));
        BUCKETS.put("run-log compression (Deflater)", Pattern.compile("java\\.util\\.zip\\.Deflater|RunLogCodec"));
        BUCKETS.put("JDK HttpClient (upstream)", Pattern.compile("jdk\\.internal\\.net\\.http"));
        BUCKETS.put("Jackson (anywhere)", Pattern.compile("com\\.fasterxml\\.jackson"));
        BUCKETS.put("Micronaut bean context (lookups, creation)", Pattern.compile("io\\.micronaut\\.context\\.DefaultBeanContext"));
        BUCKETS.put("logging (SLF4J, MDC)", Pattern.compile("org\\.slf4j|io\\.micronaut\\.function\\.aws\\.DefaultDiagnosticInfoPopulator"));
        BUCKETS.put("class loading", Pattern.compile("ClassLoader\\.loadClass"));
    }

    private ActProfile() {
    }

    public static void main(String[] args) {
        BenchSupport.main("act-profile", args, ActProfile::run);
    }

    static int run(String[] args) throws Exception {
        Map<String, String> flags = BenchSupport.flags(args, FLAGS);
        int requests = BenchSupport.intFlag(flags, "requests", 3000, 1, 1_000_000);
        int warmup = BenchSupport.intFlag(flags, "warmup", 500, 0, 1_000_000);
        int top = BenchSupport.intFlag(flags, "top", 25, 1, 1000);
        Path jfr = Path.of(flags.getOrDefault("jfr", "act-profile.jfr"));
        System.setProperty("sun.net.httpserver.nodelay", "true");
        Path state = Files.createTempDirectory(ActBench.stateBase(null), "actgate-act-profile-");
        LocalRuntime runtime = LocalRuntime.start(LocalPaths.of(SamTemplate.locate().getParent(), state), "127.0.0.1", 0, 0, null);
        String token = runtime.token(LocalRuntime.DEFAULT_TENANT, false);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).proxy(HttpClient.Builder.NO_PROXY).build();
        String body = "{\"connectionKey\":\"demo-todos\",\"api\":{\"method\":\"GET\",\"path\":\"/todos\"}}";
        HttpRequest act = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runtime.port() + "/act"))
            .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        boolean withBaseline = Boolean.parseBoolean(flags.getOrDefault("baseline", "true"));
        HttpRequest bare = null;
        BaselineGateway baseline = null;
        if (withBaseline) {
            // The baseline gateway of bench-act, same JVM and run, so the two profiles compare (--baseline false: /act only).
            ObjectMapper mapper = new ObjectMapper();
            String managerToken = runtime.token(null, true);
            String upstream = mapper.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runtime.port()
                + "/integrations/demo-todos")).header("Authorization", "Bearer " + managerToken).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body()).path("baseUrl").asText();
            String connectionId = mapper.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runtime.port()
                + "/connections/demo-todos")).header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body()).path("id").asText();
            Properties demo = new Properties();
            try (var in = Files.newInputStream(state.resolve("demo.properties"))) {
                demo.load(in);
            }
            baseline = new BaselineGateway(runtime.workspace().id(), LocalRuntime.DEFAULT_TENANT,
                runtime.workspace().secrets().stream().map(x -> x.value()).toList(), connectionId, upstream, demo.getProperty("apiKey"));
            bare = HttpRequest.newBuilder(URI.create(baseline.url())).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"connectionId\":\"" + connectionId + "\"}")).build();
        }
        send(http, act, warmup);
        if (bare != null) {
            send(http, bare, warmup);
        }
        // Interleaved (one /act, one baseline call, …) in ONE recording, so both see the same machine: on a shared machine
        // a thread that the OS preempts while in Java code still counts as sampled, and load drifts within seconds.
        List<HttpRequest> order = bare == null ? List.of(act) : List.of(act, bare);
        long[][] latencies = new long[order.size()][requests];
        long started;
        try (Recording recording = new Recording(Configuration.getConfiguration("profile"))) {
            recording.start();
            started = System.nanoTime();
            for (int i = 0; i < requests; i++) {
                for (int t = 0; t < order.size(); t++) {
                    long t0 = System.nanoTime();
                    send(http, order.get(t), 1);
                    latencies[t][i] = System.nanoTime() - t0;
                }
            }
            recording.stop();
            recording.dump(jfr);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("act-profile: %d warm /act%s in %.1f s, load average %s; recording %s%n", requests,
            bare == null ? "" : " and as many baseline calls, interleaved,", seconds, BenchSupport.loadAverage(), jfr.toAbsolutePath());
        for (int t = 0; t < order.size(); t++) {
            long[] l = latencies[t].clone();
            java.util.Arrays.sort(l);
            System.out.printf("  %-8s p50 %6.2f ms  p90 %6.2f ms  p99 %6.2f ms%n", t == 0 ? "/act" : "baseline", l[l.length / 2] / 1e6,
                l[(int) (l.length * 0.9)] / 1e6, l[(int) (l.length * 0.99)] / 1e6);
        }
        if (bare != null) {
            long[] a = latencies[0].clone();
            long[] b = latencies[1].clone();
            java.util.Arrays.sort(a);
            java.util.Arrays.sort(b);
            System.out.printf("  /act ÷ baseline: p50 %.2f×, p90 %.2f×%n", (double) a[a.length / 2] / b[b.length / 2],
                (double) a[(int) (a.length * 0.9)] / b[(int) (b.length * 0.9)]);
        }
        // Samples per request, both counted over the same recording (each handler's own frames).
        Map<String, Double> actMs = report("/act", jfr, ACT_HANDLER, requests, top);
        if (bare != null) {
            Map<String, Double> bareMs = report("baseline", jfr, BASELINE_HANDLER, requests, top);
            System.out.println("\nsampled ms per request, /act vs baseline (JFR execution samples × period ÷ requests; on-CPU Java only):");
            System.out.printf("  %8s %8s %8s  %s%n", "/act", "baseline", "Δ", "where");
            for (String k : actMs.keySet()) {
                double a = actMs.get(k);
                double b = bareMs.getOrDefault(k, 0.0);
                System.out.printf("  %8.3f %8.3f %+8.3f  %s%n", a, b, a - b, k);
            }
            baseline.close();
        }
        System.exit(0);   // the runtime's servers are not closed (see ActBench)
        return 0;
    }

    private static void send(HttpClient http, HttpRequest act, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            HttpResponse<byte[]> r = http.send(act, HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("/act answered " + r.statusCode() + ": " + new String(r.body()));
            }
        }
    }

    /** Prints the handler's shares and top frames; returns sampled ms per request per bucket (and the handler in all). */
    static Map<String, Double> report(String label, Path jfr, String handlerFrame, int requests, int top) throws Exception {
        List<List<String>> handler = new ArrayList<>();
        int all = 0;
        double periodMs = 10;   // the "profile" settings' jdk.ExecutionSample period (JDK 17: 10 ms)
        for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
                continue;
            }
            all++;
            List<String> frames = new ArrayList<>();
            boolean inHandler = false;
            for (RecordedFrame f : e.getStackTrace().getFrames()) {
                String name = f.getMethod().getType().getName() + "." + f.getMethod().getName();
                frames.add(name);
                inHandler |= name.startsWith(handlerFrame);
            }
            if (inHandler) {
                handler.add(frames);
            }
        }
        Map<String, Double> ms = new LinkedHashMap<>();
        ms.put("handler (the function's handleRequest)", handler.size() * periodMs / requests);
        System.out.printf("%n== %s: execution samples: %d, inside the handler: %d%n", label, all, handler.size());
        if (handler.isEmpty()) {
            return ms;
        }
        System.out.println("\ninclusive share of the handler's samples:");
        for (Map.Entry<String, Pattern> b : BUCKETS.entrySet()) {
            long n = handler.stream().filter(fr -> fr.stream().anyMatch(f -> b.getValue().matcher(f).find())).count();
            System.out.printf("  %5.1f%%  %s%n", 100.0 * n / handler.size(), b.getKey());
            ms.put(b.getKey(), n * periodMs / requests);
        }
        Map<String, Integer> topFrames = new HashMap<>();
        for (List<String> fr : handler) {
            for (String f : fr) {
                if (!f.matches("(java|javax|jdk|sun|com\\.sun)\\..*")) {
                    topFrames.merge(f, 1, Integer::sum);
                    break;
                }
            }
        }
        System.out.println("\ntop non-JDK frames (self time, nearest non-JDK caller of the sampled frame):");
        topFrames.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
            .forEach(e -> System.out.printf("  %5.1f%%  %s%n", 100.0 * e.getValue() / handler.size(), e.getKey()));
        return ms;
    }
}
