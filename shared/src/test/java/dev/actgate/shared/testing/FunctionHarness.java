package dev.actgate.shared.testing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.actgate.testing.HttpApiEvents;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The function's real Lambda handler ({@link APIGatewayV2HTTPEventFunction}) in this JVM, fed HTTP API v2 events,
 * pointed at the test DynamoDB Local. One per test class: building it is the function's cold start.
 */
public final class FunctionHarness implements AutoCloseable {
    private final APIGatewayV2HTTPEventFunction handler;
    private final ApplicationContext context;

    private FunctionHarness(Map<String, Object> extra) {
        Map<String, Object> props = new HashMap<>(TestStorage.properties());
        props.putAll(extra);
        // Egress: the test servers this JVM started (TestEgress), and nothing else of loopback.
        this.context = ApplicationContext.builder().properties(props).singletons(TestEgress.ALLOWLIST)
            .deduceEnvironment(false).start();
        this.handler = new APIGatewayV2HTTPEventFunction(context);
    }

    public static FunctionHarness start() {
        return new FunctionHarness(Map.of());
    }

    public static FunctionHarness start(Map<String, Object> properties) {
        return new FunctionHarness(properties);
    }

    public ApplicationContext context() {
        return context;
    }

    public Request request(String method, String pathAndQuery) {
        return new Request(method, pathAndQuery);
    }

    /** Off only for tests that send what the contract cannot describe on purpose (none today). */
    private static final boolean VALIDATE = !"false".equals(System.getProperty("actgate.openapi.validate"));

    public Response invoke(APIGatewayV2HTTPEvent event) {
        Response response = invokeRaw(event);
        if (VALIDATE) {
            OpenApiContract.get().assertConforms(exchange(event, response));
        }
        return response;
    }

    private static OpenApiContract.Exchange exchange(APIGatewayV2HTTPEvent event, Response response) {
        Map<String, String> requestHeaders = new LinkedHashMap<>();
        if (event.getHeaders() != null) {
            event.getHeaders().forEach((k, v) -> requestHeaders.put(k.toLowerCase(), v));
        }
        String body = event.getBody();
        if (body != null && event.getIsBase64Encoded()) {
            body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
        }
        return new OpenApiContract.Exchange(event.getRequestContext().getHttp().getMethod(), event.getRawPath(), requestHeaders,
            body, response.status(), response.headers(), response.body());
    }

    private Response invokeRaw(APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPResponse r = handler.handleRequest(event, null);
        String body = r.getBody();
        if (body != null && r.getIsBase64Encoded()) {
            body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (r.getHeaders() != null) {
            r.getHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v));
        }
        if (r.getMultiValueHeaders() != null) {
            r.getMultiValueHeaders().forEach((k, v) -> headers.putIfAbsent(k.toLowerCase(), String.join(",", v)));
        }
        if (r.getCookies() != null && !r.getCookies().isEmpty()) {
            headers.put("set-cookie", String.join("\n", r.getCookies()));   // one cookie per line
        }
        return new Response(r.getStatusCode(), headers, body);
    }

    /** Loads an event fixture file (src/test/resources/events/…) and replaces {@code ${name}} placeholders. */
    public Response invokeFixture(String resource, Map<String, String> substitutions) {
        try (var in = FunctionHarness.class.getClassLoader().getResourceAsStream(resource)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (var e : substitutions.entrySet()) {
                text = text.replace("${" + e.getKey() + "}", e.getValue());
            }
            JsonNode n = TestStorage.JSON.readTree(text);
            Map<String, List<String>> headers = new LinkedHashMap<>();
            n.path("headers").fields().forEachRemaining(h -> headers.put(h.getKey(), List.of(h.getValue().asText())));
            String body = n.hasNonNull("body") ? n.get("body").asText() : null;
            APIGatewayV2HTTPEvent event = HttpApiEvents.request(n.path("requestContext").path("http").path("method").asText(),
                n.path("rawPath").asText(), n.path("rawQueryString").asText(""), headers,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8), n.path("routeKey").asText(), null, "127.0.0.1");
            return invoke(event);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        context.close();
    }

    public final class Request {
        private final String method;
        private final String path;
        private final String query;
        private final Map<String, List<String>> headers = new LinkedHashMap<>();
        private byte[] body;

        Request(String method, String pathAndQuery) {
            this.method = method;
            int q = pathAndQuery.indexOf('?');
            this.path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
            this.query = q < 0 ? "" : pathAndQuery.substring(q + 1);
        }

        public Request bearer(String token) {
            return header("Authorization", "Bearer " + token);
        }

        public Request header(String name, String value) {
            headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            return this;
        }

        public Request json(Object body) {
            try {
                this.body = body instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : TestStorage.JSON.writeValueAsBytes(body);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            headers.putIfAbsent("Content-Type", List.of("application/json"));
            return this;
        }

        public Request body(String contentType, String body) {
            this.body = body.getBytes(StandardCharsets.UTF_8);
            headers.put("Content-Type", List.of(contentType));
            return this;
        }

        public Response send() {
            return invoke(HttpApiEvents.request(method, path, query, headers, body, method + " " + path, null, "127.0.0.1"));
        }
    }

    public record Response(int status, Map<String, String> headers, String body) {
        public JsonNode json() {
            try {
                return TestStorage.JSON.readTree(body == null ? "null" : body);
            } catch (java.io.IOException e) {
                throw new AssertionError("Response body is not JSON (status " + status + "): " + body, e);
            }
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
