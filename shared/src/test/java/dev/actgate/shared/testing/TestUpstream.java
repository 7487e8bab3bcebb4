package dev.actgate.shared.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A real HTTP server on 127.0.0.1 standing in for an external app: it records every request it receives and
 * answers as scripted per path (by default it echoes the request back as JSON). Scripts can fail on purpose:
 * error statuses, Retry-After, slow answers, dropped connections.
 */
public final class TestUpstream implements AutoCloseable {

    public record Received(String method, String path, String rawQuery, Map<String, String> headers, String body, long atMillis) {
        public String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    public record Reply(int status, Map<String, String> headers, String body, long delayMillis, boolean drop) {
        public static Reply json(int status, String body) {
            return new Reply(status, Map.of("Content-Type", "application/json"), body, 0, false);
        }

        public static Reply text(int status, String body) {
            return new Reply(status, Map.of("Content-Type", "text/plain"), body, 0, false);
        }

        public Reply withHeader(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(name, value);
            return new Reply(status, h, body, delayMillis, drop);
        }

        public Reply delayed(long millis) {
            return new Reply(status, headers, body, millis, drop);
        }

        public static Reply dropConnection() {
            return new Reply(0, Map.of(), null, 0, true);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-upstream");
        t.setDaemon(true);
        return t;
    });
    private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Function<Received, Reply>> handlers = new ConcurrentHashMap<>();

    private TestUpstream() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        TestEgress.allow(server.getAddress().getPort());
    }

    public static TestUpstream start() {
        try {
            return new TestUpstream();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Scripts the answer for requests whose path starts with {@code pathPrefix} (longest prefix wins). */
    public TestUpstream on(String pathPrefix, Function<Received, Reply> handler) {
        handlers.put(pathPrefix, handler);
        return this;
    }

    /** Answers with the given replies in order, then repeats the last one. */
    public TestUpstream sequence(String pathPrefix, Reply... replies) {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        return on(pathPrefix, r -> replies[Math.min(n.getAndIncrement(), replies.length - 1)]);
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public List<Received> received(String pathPrefix) {
        return received().stream().filter(r -> r.path().startsWith(pathPrefix)).toList();
    }

    public void reset() {
        received.clear();
        handlers.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
        Received r = new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
            exchange.getRequestURI().getRawQuery(), headers, new String(body, StandardCharsets.UTF_8), System.currentTimeMillis());
        received.add(r);
        Function<Received, Reply> handler = handlers.entrySet().stream()
            .filter(e -> r.path().startsWith(e.getKey()))
            .max(java.util.Comparator.comparingInt(e -> e.getKey().length()))
            .map(Map.Entry::getValue).orElse(TestUpstream::echo);
        Reply reply = handler.apply(r);
        if (reply.delayMillis() > 0) {
            try {
                Thread.sleep(reply.delayMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (reply.drop()) {
            exchange.getHttpContext().getServer();
            exchange.close();
            // Closing without a response: the client sees the connection end with no answer.
            return;
        }
        reply.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        byte[] out = reply.body() == null ? new byte[0] : reply.body().getBytes(StandardCharsets.UTF_8);
        try {
            exchange.sendResponseHeaders(reply.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(out);
                }
            }
        } catch (IOException e) {
            // the client went away (it timed out): nothing to do
        } finally {
            exchange.close();
        }
    }

    /** The default answer: the request as JSON. */
    public static Reply echo(Received r) {
        String json = "{\"method\":" + quote(r.method()) + ",\"path\":" + quote(r.path()) + ",\"query\":" + quote(r.rawQuery())
            + ",\"body\":" + quote(r.body()) + ",\"authorization\":" + quote(r.header("authorization")) + "}";
        return Reply.json(200, json);
    }

    private static String quote(String s) {
        if (s == null) {
            return "null";
        }
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r") + "\"";
    }

    @Override
    public void close() {
        TestEgress.forget(server.getAddress().getPort());
        server.stop(0);
        executor.shutdownNow();
    }
}
