package dev.actgate.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small example app for newcomers: a to-do API on 127.0.0.1 that wants an API key in {@code X-Api-Key}.
 * {@code scripts/dev} seeds an integration and a connection to it, so the README's first /act works with no
 * account anywhere. Routes: GET/POST /v1/todos, GET/PATCH/DELETE /v1/todos/{id}, GET /v1/me.
 */
public final class DemoTodoApi implements AutoCloseable {
    private final HttpServer server;
    private final String apiKey;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<Long, ObjectNode> todos = new ConcurrentSkipListMap<>();
    private final AtomicLong ids = new AtomicLong();

    public DemoTodoApi(int port, String apiKey) throws IOException {
        this.apiKey = apiKey;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 200);
        server.setExecutor(Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "demo-todo-api");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/v1/", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!apiKey.equals(ex.getRequestHeaders().getFirst("X-Api-Key"))) {
                send(ex, 401, json.createObjectNode().put("error", "missing or wrong X-Api-Key"));
                return;
            }
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            byte[] body = ex.getRequestBody().readAllBytes();
            if (path.equals("/v1/me")) {
                send(ex, 200, json.createObjectNode().put("id", "demo-user").put("login", "demo").put("email", "demo@example.com"));
            } else if (path.equals("/v1/todos") && method.equals("GET")) {
                ArrayNode items = json.createArrayNode();
                todos.values().forEach(items::add);
                send(ex, 200, json.createObjectNode().set("items", items));
            } else if (path.equals("/v1/todos") && method.equals("POST")) {
                JsonNode in = body.length == 0 ? json.createObjectNode() : json.readTree(body);
                if (!in.path("title").isTextual() || in.path("title").asText().isBlank()) {
                    send(ex, 422, json.createObjectNode().put("error", "title is required"));
                    return;
                }
                long id = ids.incrementAndGet();
                ObjectNode todo = json.createObjectNode().put("id", id).put("title", in.get("title").asText())
                    .put("done", in.path("done").asBoolean(false)).put("createdAt", Instant.now().toString());
                todos.put(id, todo);
                send(ex, 201, todo);
            } else if (path.startsWith("/v1/todos/")) {
                long id;
                try {
                    id = Long.parseLong(path.substring("/v1/todos/".length()));
                } catch (NumberFormatException e) {
                    send(ex, 404, json.createObjectNode().put("error", "no such todo"));
                    return;
                }
                ObjectNode todo = todos.get(id);
                if (todo == null) {
                    send(ex, 404, json.createObjectNode().put("error", "no such todo"));
                } else if (method.equals("GET")) {
                    send(ex, 200, todo);
                } else if (method.equals("PATCH")) {
                    JsonNode in = json.readTree(body);
                    if (in.has("title")) {
                        todo.put("title", in.get("title").asText());
                    }
                    if (in.has("done")) {
                        todo.put("done", in.get("done").asBoolean());
                    }
                    send(ex, 200, todo);
                } else if (method.equals("DELETE")) {
                    todos.remove(id);
                    send(ex, 204, null);
                } else {
                    send(ex, 405, json.createObjectNode().put("error", "method not allowed"));
                }
            } else {
                send(ex, 404, json.createObjectNode().put("error", "not found"));
            }
        } catch (IOException | RuntimeException e) {
            send(ex, 400, json.createObjectNode().put("error", "bad request"));
        }
    }

    private void send(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] bytes = body == null ? new byte[0] : json.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
