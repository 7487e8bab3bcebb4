package dev.actgate.act;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorCode;
import dev.actgate.shared.upstream.UpstreamResponse;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The external app's final answer as {@code /act} returns it: {@code {status, headers, data}} for 1xx–3xx, and for
 * 4xx/5xx an {@code action_run} error attributed to the external app ({@code UPSTREAM_RATE_LIMITED} for 429, else
 * {@code UPSTREAM_ERROR}) carrying the redacted body, a few useful headers and the attempts. The body is JSON when it
 * says or looks so, else text.
 */
final class UpstreamAnswers {
    private static final Set<String> SHOWN_RESPONSE_HEADERS = Set.of("content-type", "retry-after", "x-ratelimit-limit",
        "x-ratelimit-remaining", "x-ratelimit-reset", "x-request-id", "www-authenticate", "location");

    private final ObjectMapper json;

    UpstreamAnswers(ObjectMapper json) {
        this.json = json;
    }

    ObjectNode result(RunRecorder run, UpstreamResponse response) {
        JsonNode data = parse(response);
        if (response.status() >= 400) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("source", "external_app");
            details.put("status", response.status());
            details.put("body", run.redactor().json(data == null ? json.nullNode() : data));
            Map<String, String> shown = new LinkedHashMap<>();
            SHOWN_RESPONSE_HEADERS.forEach(h -> {
                String v = response.header(h);
                if (v != null) {
                    shown.put(h, v);
                }
            });
            details.put("headers", shown);
            details.put("attempts", run.attempts());
            ErrorCode code = response.status() == 429 ? ErrorCode.UPSTREAM_RATE_LIMITED : ErrorCode.UPSTREAM_ERROR;
            ApiException e = new ApiException(code, "The external app answered " + response.status()
                + (response.status() == 429 ? " (rate limited)" : ""), details);
            String retryAfter = response.header("retry-after");
            if (retryAfter != null) {
                e.withHeader("Retry-After", retryAfter);
            }
            throw e;
        }
        ObjectNode out = json.createObjectNode();
        out.put("status", response.status());
        ObjectNode headers = out.putObject("headers");
        response.headers().forEach((k, v) -> headers.put(k, String.join(", ", v)));
        out.set("data", data == null ? json.nullNode() : data);
        return out;
    }

    JsonNode parse(UpstreamResponse response) {
        byte[] body = response.body();
        if (body == null || body.length == 0) {
            return null;
        }
        String contentType = response.header("content-type");
        boolean jsonType = contentType != null && contentType.toLowerCase(Locale.ROOT).contains("json");
        // Looks like JSON: first non-blank byte (decoding the whole body to a String just to peek was a copy per call).
        if (jsonType || startsLikeJson(body)) {
            try {
                return json.readTree(body);
            } catch (java.io.IOException e) {
                // not JSON after all: keep the text
            }
        }
        return json.getNodeFactory().textNode(new String(body, StandardCharsets.UTF_8));
    }

    private static boolean startsLikeJson(byte[] body) {
        return body[0] == '{' || body[0] == '[';
    }
}
