package dev.actgate.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.actgate.testing.HttpApiEvents;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The API Gateway HTTP API, locally: turns each HTTP request into a payload 2.0 event, picks the function by
 * template.yaml's routes, invokes its handler and writes the handler's response back.
 */
final class HttpApiGateway implements AutoCloseable {
    /** Lambda's synchronous payload limit. */
    static final int MAX_BODY = 6 * 1024 * 1024;

    private final HttpServer server;
    private final ExecutorService executor;
    private final RouteTable routes;
    private final Map<String, LocalFunction> functions;

    private final Map<String, Object> cors;

    static {
        // Without it the JDK server's separate header/body writes meet Nagle and delayed ACKs: ~40 ms per request.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    HttpApiGateway(String host, int port, RouteTable routes, Map<String, LocalFunction> functions, Map<String, Object> cors)
        throws IOException {
        this.cors = cors;
        this.routes = routes;
        this.functions = functions;
        this.server = HttpServer.create(new InetSocketAddress(host, port), 256);
        this.executor = Executors.newFixedThreadPool(Integer.getInteger("actgate.local.threads", 32));
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    void start() {
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod().toUpperCase();
            String rawPath = exchange.getRequestURI().getRawPath();
            String rawQuery = exchange.getRequestURI().getRawQuery();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(MAX_BODY + 1);
            }
            if (body.length > MAX_BODY) {
                error(exchange, 413, "PAYLOAD_TOO_LARGE", "Request body exceeds 6 MB");
                return;
            }
            for (var h : exchange.getRequestHeaders().entrySet()) {
                for (String v : h.getValue()) {
                    if (v.chars().anyMatch(c -> (c < 0x20 && c != '\t') || c == 0x7f)) {
                        // API Gateway refuses such a request before any function sees it.
                        error(exchange, 400, "VALIDATION_ERROR", "Header " + h.getKey() + " contains control characters");
                        return;
                    }
                }
            }
            if (method.equals("OPTIONS") && exchange.getRequestHeaders().containsKey("Access-Control-Request-Method") && !cors.isEmpty()) {
                preflight(exchange);
                return;
            }
            RouteTable.Match match = routes.match(method, rawPath);
            if (match == null) {
                error(exchange, 404, "NOT_FOUND", "No route for " + method + " " + rawPath);
                return;
            }
            LocalFunction function = functions.get(match.route().functionId());
            String sourceIp = exchange.getRemoteAddress().getAddress().getHostAddress();
            APIGatewayV2HTTPEvent event = HttpApiEvents.request(method, rawPath, rawQuery, exchange.getRequestHeaders(),
                body.length == 0 ? null : body, match.routeKey(), match.pathParameters(), sourceIp);
            APIGatewayV2HTTPResponse response;
            try {
                response = function.invoke(event, new LocalContext(function.definition.logicalId(), 30_000));
            } catch (RuntimeException e) {
                // What API Gateway answers when the function itself fails.
                e.printStackTrace();
                error(exchange, 502, "INTERNAL_ERROR", "The function failed");
                return;
            }
            if (TRACE) {
                System.err.printf("[actgate] %s %s -> %d (%s) headers=%s%n", method, rawPath, response.getStatusCode(),
                    match.route().functionId(), exchange.getRequestHeaders().keySet());
            }
            write(exchange, response);
        }
    }

    /** ACTGATE_TRACE=1 prints one line per request (never bodies or header values: they may hold secrets). */
    private static final boolean TRACE = System.getenv("ACTGATE_TRACE") != null || Boolean.getBoolean("actgate.trace");

    /** Like API Gateway with a CorsConfiguration: preflights are answered from template.yaml, no function runs. */
    private void preflight(HttpExchange exchange) throws IOException {
        var h = exchange.getResponseHeaders();
        h.set("Access-Control-Allow-Origin", join(cors.get("AllowOrigins")));
        h.set("Access-Control-Allow-Methods", join(cors.get("AllowMethods")));
        h.set("Access-Control-Allow-Headers", join(cors.get("AllowHeaders")));
        if (cors.get("MaxAge") != null) {
            h.set("Access-Control-Max-Age", String.valueOf(cors.get("MaxAge")));
        }
        exchange.sendResponseHeaders(204, -1);
    }

    private static String join(Object list) {
        return list instanceof List<?> l ? String.join(",", l.stream().map(String::valueOf).toList()) : String.valueOf(list);
    }

    private static void write(HttpExchange exchange, APIGatewayV2HTTPResponse response) throws IOException {
        if (response.getHeaders() != null) {
            response.getHeaders().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        }
        if (response.getMultiValueHeaders() != null) {
            response.getMultiValueHeaders().forEach((k, v) -> exchange.getResponseHeaders().put(k, List.copyOf(v)));
        }
        if (response.getCookies() != null) {
            response.getCookies().forEach(c -> exchange.getResponseHeaders().add("Set-Cookie", c));
        }
        byte[] bytes = response.getBody() == null ? new byte[0]
            : response.getIsBase64Encoded() ? Base64.getDecoder().decode(response.getBody())
            : response.getBody().getBytes(StandardCharsets.UTF_8);
        int status = response.getStatusCode() == 0 ? 200 : response.getStatusCode();
        boolean noBody = status == 204 || status == 304 || "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, noBody ? -1 : bytes.length == 0 ? -1 : bytes.length);
        if (!noBody && bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        String body = "{\"type\":\"" + (status >= 500 ? "internal" : "bad_request") + "\",\"code\":\"" + code
            + "\",\"message\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\",\"attribution\":\""
            + (status >= 500 ? "actgate" : "caller") + "\"}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
