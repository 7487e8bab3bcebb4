package dev.actgate.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts what the functions ask DynamoDB, by operation ({@code X-Amz-Target}) and table: a tiny HTTP forward proxy
 * on 127.0.0.1 in front of DynamoDB Local.
 *
 * <p>The local runtime sets the functions' endpoint ({@code aws.services.dynamodb.endpoint-override}) to DynamoDB
 * Local itself, so the proxy is put in the path the way any HTTP proxy is: a JVM-wide {@link ProxySelector} that
 * sends connections for exactly that host and port through this proxy while {@link #counting(boolean) counting} is
 * on, and everything else (and everything while counting is off) direct. The SDK's URLConnection transport asks the
 * default selector for each new connection; a kept-alive direct connection is not reused for a proxied one. The
 * proxy's own client goes direct, never through the selector.
 */
final class CountingDynamoProxy implements AutoCloseable {
    private static final Pattern TABLE = Pattern.compile("\"TableName\"\\s*:\\s*\"([^\"]+)\"");
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "expect", "host", "upgrade",
        "proxy-connection", "keep-alive", "transfer-encoding", "te", "trailer", "date", "via", "warning", "proxy-authorization");

    private final URI target;
    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient client;
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> nanos = new ConcurrentHashMap<>();
    private final LongAdder failures = new LongAdder();
    private final Selector selector;
    private final ProxySelector previous;

    CountingDynamoProxy(URI target) throws IOException {
        this.target = target;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        this.executor = Executors.newFixedThreadPool(16, r -> {
            Thread t = new Thread(r, "bench-dynamodb-proxy");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).proxy(HttpClient.Builder.NO_PROXY)
            .connectTimeout(Duration.ofSeconds(10)).build();
        this.previous = ProxySelector.getDefault();
        this.selector = new Selector(target, new Proxy(Proxy.Type.HTTP, server.getAddress()), previous);
        ProxySelector.setDefault(selector);
    }

    /** While on, new DynamoDB connections go through the proxy and are counted. */
    void counting(boolean on) {
        selector.on = on;
    }

    void reset() {
        counts.clear();
        nanos.clear();
        failures.reset();
    }

    /** "GetItem actgate-connections" → count, sorted. */
    Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** Total milliseconds DynamoDB Local took to answer, per key of {@link #snapshot()} (as seen from the proxy). */
    Map<String, Double> millis() {
        Map<String, Double> out = new TreeMap<>();
        nanos.forEach((k, v) -> out.put(k, v.sum() / 1_000_000.0));
        return out;
    }

    long failures() {
        return failures.sum();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            String amzTarget = ex.getRequestHeaders().getFirst("X-Amz-Target");
            String op = amzTarget == null ? ex.getRequestMethod() : amzTarget.substring(amzTarget.indexOf('.') + 1);
            Set<String> tables = new TreeSet<>();
            Matcher m = TABLE.matcher(new String(body, StandardCharsets.UTF_8));
            while (m.find()) {
                tables.add(m.group(1));
            }
            String key = op + " " + (tables.isEmpty() ? "-" : String.join("+", tables));
            counts.computeIfAbsent(key, k -> new LongAdder()).increment();

            // Forward to DynamoDB Local, the request line's absolute URI rebased on the target.
            URI requested = ex.getRequestURI();
            String pathAndQuery = (requested.getRawPath() == null || requested.getRawPath().isEmpty() ? "/" : requested.getRawPath())
                + (requested.getRawQuery() == null ? "" : "?" + requested.getRawQuery());
            HttpRequest.Builder forward = HttpRequest.newBuilder(target.resolve(pathAndQuery)).timeout(Duration.ofSeconds(30))
                .method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
            ex.getRequestHeaders().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(v -> forward.header(name, v));
                }
            });
            HttpResponse<byte[]> response;
            long t0 = System.nanoTime();
            try {
                response = client.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
                nanos.computeIfAbsent(key, k -> new LongAdder()).add(System.nanoTime() - t0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            response.headers().map().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                    ex.getResponseHeaders().put(name, List.copyOf(values));
                }
            });
            byte[] out = response.body();
            ex.sendResponseHeaders(response.statusCode(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(out);
                }
            }
        } catch (IOException | RuntimeException e) {
            failures.increment();
            throw e;
        }
    }

    @Override
    public void close() {
        ProxySelector.setDefault(previous);
        server.stop(0);
        executor.shutdownNow();
    }

    /** Routes exactly target host:port through the proxy while on; asks the previous selector for everything else. */
    private static final class Selector extends ProxySelector {
        private final String host;
        private final int port;
        private final List<Proxy> proxy;
        private final ProxySelector fallback;
        volatile boolean on;

        Selector(URI target, Proxy proxy, ProxySelector fallback) {
            this.host = target.getHost();
            this.port = target.getPort();
            this.proxy = List.of(proxy);
            this.fallback = fallback;
        }

        @Override
        public List<Proxy> select(URI uri) {
            if (on && "http".equalsIgnoreCase(uri.getScheme()) && host.equalsIgnoreCase(uri.getHost()) && port == uri.getPort()) {
                return proxy;
            }
            return fallback == null ? List.of(Proxy.NO_PROXY) : fallback.select(uri);
        }

        @Override
        public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
            if (fallback != null) {
                fallback.connectFailed(uri, sa, ioe);
            }
        }
    }
}
