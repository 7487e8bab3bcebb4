package dev.actgate.bench;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The child side of {@code scripts/bench-cold-start}: the main class of a brand-new JVM whose class path is one
 * function's Lambda class path (plus this class). It does what the Lambda runtime does on a cold start — load the
 * handler class by name, construct it, hand it one API Gateway HTTP API (payload 2.0) event — and prints one JSON line:
 * the time from JVM start to the first response, split into JVM boot, handler construction and the first request.
 *
 * <p>Only the JDK and the Lambda interfaces ({@code aws-lambda-java-core}, {@code aws-lambda-java-events}) are used
 * here, so the same probe runs the real functions and the baseline handler. Arguments:
 * {@code <name> <handler class> <method> <path> <body, base64, or '-'> <bearer token> [<then method> <then path>]}.
 * The optional last two name a different request sent right after the first (the catalog comparison's first use of
 * one connector's file, {@code GET /connectors/github}); it is timed as {@code thenRequestMs} before the usual second
 * request of the first route.
 */
public final class ColdStartProbe {
    /** Lines of this shape are what the driver reads from the child's stdout. */
    static final String MARKER = "{\"probe\":\"cold-start\"";

    private ColdStartProbe() {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static void main(String[] args) throws Exception {
        long mainAt = System.currentTimeMillis();
        if (args.length != 6 && args.length != 8) {
            System.err.println("usage: ColdStartProbe <name> <handler class> <method> <path> <body-base64|-> <token> [<then method> <then path>]");
            System.exit(2);
        }
        String name = args[0];
        String handlerClass = args[1];
        String method = args[2];
        String path = args[3];
        String body = "-".equals(args[4]) ? null : new String(Base64.getDecoder().decode(args[4]), StandardCharsets.UTF_8);
        String token = args[5];

        // Init phase (what Lambda reports as Init Duration, minus the runtime's own bootstrap): load and construct.
        long t0 = System.nanoTime();
        Class<?> type = Class.forName(handlerClass);
        RequestHandler handler = (RequestHandler) type.getConstructor().newInstance();
        long t1 = System.nanoTime();

        // First invocation: the event is built here, as the runtime deserialises it as part of the invoke.
        APIGatewayV2HTTPResponse first = (APIGatewayV2HTTPResponse) handler.handleRequest(event(method, path, body, token),
            new dev.actgate.local.LocalContext(name, 30_000));
        long t2 = System.nanoTime();
        long respondedAt = System.currentTimeMillis();
        // CPU the process used up to the first response (all threads: JIT, GC, the SDK's) and the classes it loaded: on a
        // shared machine these vary far less with load than the wall-clock figures do.
        long cpuMs = processCpuMillis();
        int classes = ManagementFactory.getClassLoadingMXBean().getLoadedClassCount();

        // The optional different request right after the first one (its first-use costs are what it measures).
        int thenStatus = -1;
        double thenRequestMs = -1;
        String thenBodyPrefix = "";
        if (args.length == 8) {
            long s0 = System.nanoTime();
            APIGatewayV2HTTPResponse then = (APIGatewayV2HTTPResponse) handler.handleRequest(event(args[6], args[7], null, token),
                new dev.actgate.local.LocalContext(name, 30_000));
            thenRequestMs = millis(System.nanoTime() - s0);
            thenStatus = then.getStatusCode();
            thenBodyPrefix = prefix(then.getBody());
        }

        // A second, warm-ish invocation, for scale: what the next request on the same instance costs.
        long secondAt = System.nanoTime();
        APIGatewayV2HTTPResponse second = (APIGatewayV2HTTPResponse) handler.handleRequest(event(method, path, body, token),
            new dev.actgate.local.LocalContext(name, 30_000));
        long t3 = System.nanoTime();

        // The function's SnapStart priming steps (the act function's JavaScript sandbox), timed twice on this fresh
        // JVM: the first run is what the first `code` /act pays on a cold start without SnapStart, the second what is
        // left when the snapshot was primed (the classes are loaded and GraalJS initialised; a new Engine remains).
        double firstCodeRun = -1;
        double primedCodeRun = -1;
        // By reflection: the baseline's class path has neither Micronaut nor actgate.
        {
            try {
                Class<?> stepType = Class.forName("dev.actgate.shared.sam.PrimingStep");
                Object context = handler.getClass().getMethod("getApplicationContext").invoke(handler);
                java.util.Collection<?> steps = (java.util.Collection<?>) context.getClass().getMethod("getBeansOfType", Class.class)
                    .invoke(context, stepType);
                for (Object step : steps) {
                    if (!"js-sandbox".equals(stepType.getMethod("name").invoke(step))) {
                        continue;   // only the sandbox's step is the first `code` run; the others are not timed here
                    }
                    java.lang.reflect.Method prime = stepType.getMethod("prime");
                    long s0 = System.nanoTime();
                    prime.invoke(step);
                    long s1 = System.nanoTime();
                    prime.invoke(step);
                    long s2 = System.nanoTime();
                    firstCodeRun = millis(s1 - s0);
                    primedCodeRun = millis(s2 - s1);
                }
            } catch (ClassNotFoundException | NoSuchMethodException e) {
                // the baseline, or a function without priming steps
            }
        }

        // Read only now: the management classes would otherwise be part of what is measured.
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        StringBuilder line = new StringBuilder(MARKER);
        line.append(",\"name\":\"").append(name).append('"')
            .append(",\"status\":").append(first.getStatusCode())
            .append(",\"coldStartMs\":").append(respondedAt - jvmStart)
            .append(",\"jvmToMainMs\":").append(mainAt - jvmStart)
            .append(",\"initMs\":").append(millis(t1 - t0))
            .append(",\"firstRequestMs\":").append(millis(t2 - t1))
            .append(",\"cpuMs\":").append(cpuMs)
            .append(",\"classes\":").append(classes)
            .append(",\"secondStatus\":").append(second.getStatusCode())
            .append(",\"secondRequestMs\":").append(millis(t3 - secondAt))
            .append(",\"thenStatus\":").append(thenStatus)
            .append(",\"thenRequestMs\":").append(thenRequestMs)
            .append(",\"thenBodyPrefix\":\"").append(escape(thenBodyPrefix)).append('"')
            .append(",\"firstCodeRunMs\":").append(firstCodeRun)
            .append(",\"primedCodeRunMs\":").append(primedCodeRun)
            .append(",\"jvmStartEpochMs\":").append(jvmStart)
            .append(",\"respondedAtEpochMs\":").append(respondedAt)
            .append(",\"bodyPrefix\":\"").append(escape(prefix(first.getBody()))).append('"')
            .append('}');
        System.out.println(line);
        System.out.flush();
        if (handler instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                // exiting anyway
            }
        }
        System.exit(0);
    }

    static APIGatewayV2HTTPEvent event(String method, String path, String body, String token) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("accept", "application/json");
        headers.put("authorization", "Bearer " + token);
        headers.put("host", "bench.execute-api.us-east-1.amazonaws.com");
        headers.put("user-agent", "actgate-bench");
        if (body != null) {
            headers.put("content-type", "application/json");
            headers.put("content-length", Integer.toString(body.getBytes(StandardCharsets.UTF_8).length));
        }
        Instant now = Instant.now();
        APIGatewayV2HTTPEvent.RequestContext.Http http = APIGatewayV2HTTPEvent.RequestContext.Http.builder()
            .withMethod(method).withPath(path).withProtocol("HTTP/1.1").withSourceIp("127.0.0.1").withUserAgent("actgate-bench")
            .build();
        APIGatewayV2HTTPEvent.RequestContext context = APIGatewayV2HTTPEvent.RequestContext.builder()
            .withAccountId("000000000000").withApiId("bench").withDomainName("bench.execute-api.us-east-1.amazonaws.com")
            .withDomainPrefix("bench").withHttp(http).withRequestId(UUID.randomUUID().toString())
            .withRouteKey(method + " " + path).withStage("$default").withTime(now.toString()).withTimeEpoch(now.toEpochMilli())
            .build();
        return APIGatewayV2HTTPEvent.builder()
            .withVersion("2.0").withRouteKey(method + " " + path).withRawPath(path).withRawQueryString("")
            .withHeaders(headers).withRequestContext(context).withBody(body).withIsBase64Encoded(false)
            .build();
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 10_000.0) / 100.0;
    }

    private static String prefix(String s) {
        return s == null ? "" : s.length() > 160 ? s.substring(0, 160) : s;
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(' ');
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }


    /** utime + stime of this process from /proc/self/stat (clock ticks of 10 ms), or -1 where there is no /proc. */
    private static long processCpuMillis() {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after "pid (comm) ": state is field 3, utime field 14, stime field 15 (1-based, proc(5))
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
        } catch (Exception | Error e) {
            return -1;
        }
    }
}
