package dev.actgate.act;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.actgate.shared.auth.Caller;
import dev.actgate.shared.connections.Connection;
import dev.actgate.shared.connections.ConnectionCredentials;
import dev.actgate.shared.connections.CredentialRefresher;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorCode;
import dev.actgate.shared.integrations.EffectiveIntegration;
import dev.actgate.shared.json.Bodies;
import dev.actgate.shared.runs.RunOutcome;
import dev.actgate.shared.upstream.AppliedAuth;
import dev.actgate.shared.upstream.PercentEncoding;
import dev.actgate.shared.upstream.SafeUpstreamUrl;
import dev.actgate.shared.upstream.UpstreamClient;
import dev.actgate.shared.upstream.UpstreamFailure;
import dev.actgate.shared.upstream.UpstreamRequest;
import dev.actgate.shared.upstream.UpstreamResponse;
import io.micronaut.context.BeanProvider;
import jakarta.inject.Singleton;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Sends one logical request to the external app through a connection: URL confined to the integration's base URL,
 * auth applied (callers cannot override it), safe retries, one refresh-and-retry on an OAuth2 401, same-origin
 * redirects only, every attempt recorded. Returns {@code {status, headers, data}}; error statuses become
 * {@code action_run} errors attributed to the external app. It changes no stored state of its own: when the app
 * refuses a connection's credentials for good it reports that ({@link CredentialsRefused}) and the engine records it.
 */
@Singleton
public class UpstreamCaller {
    static final int MAX_REDIRECTS = 3;
    private static final Set<String> SHOWN_RESPONSE_HEADERS = Set.of("content-type", "retry-after", "x-ratelimit-limit",
        "x-ratelimit-remaining", "x-ratelimit-reset", "x-request-id", "www-authenticate", "location");

    private final UpstreamClient client;
    private final BeanProvider<CredentialRefresher> refresher;
    private final RetryPolicy retry;
    private final ObjectMapper json;

    /** Upstream requests one run (with its nested runs) may make: attempts and redirect hops count (issue 11). */
    private final int maxUpstreamCalls;

    public UpstreamCaller(UpstreamClient client, BeanProvider<CredentialRefresher> refresher, RetryPolicy retry, ObjectMapper json,
                          @io.micronaut.context.annotation.Value("${actgate.act.max-upstream-calls:100}") int maxUpstreamCalls) {
        this.maxUpstreamCalls = maxUpstreamCalls;
        this.client = client;
        this.refresher = refresher;
        this.retry = retry;
        this.json = json;
    }

    /** The connection a run acts through; credentials change if a refresh happens mid-run. */
    static final class Link {
        final Caller caller;
        final EffectiveIntegration integration;
        volatile Connection connection;
        volatile ConnectionCredentials credentials;
        volatile AppliedAuth auth;
        volatile boolean refreshedAfter401;

        Link(Caller caller, Connection connection, EffectiveIntegration integration, ConnectionCredentials credentials) {
            this.caller = caller;
            this.integration = integration;
            use(connection, credentials);
        }

        void use(Connection connection, ConnectionCredentials credentials) {
            this.connection = connection;
            this.credentials = credentials;
            this.auth = AppliedAuth.of(integration, connection, credentials);
        }
    }

    ObjectNode call(RunRecorder run, Link link, JsonNode spec, boolean actionIdempotent, String idempotencyKey) {
        String method = spec.path("method").asText("GET").toUpperCase(Locale.ROOT);
        String path = spec.hasNonNull("path") ? spec.get("path").asText() : spec.path("url").asText(null);
        JsonNode bodySpec = spec.has("body") ? spec.get("body") : spec.get("data");
        Map<String, String> callerHeaders = spec.has("headers") && spec.get("headers").isObject()
            ? Bodies.stringMap((ObjectNode) spec, "headers") : Map.of();
        for (String h : callerHeaders.keySet()) {
            if (!link.auth.callerMaySet(h)) {
                throw ApiException.validation("api.headers." + h + " cannot be set: the connection's auth or the transport provides it");
            }
        }
        boolean idempotent = actionIdempotent || (idempotentMethod(method));
        String idempotencyHeader = link.integration.idempotencyHeader();
        boolean sendsIdempotencyKey = idempotencyHeader != null && !idempotentMethod(method);
        if (sendsIdempotencyKey) {
            idempotent = true;
        }
        String upstreamKey = idempotencyKey != null ? idempotencyKey : run.id;

        int attempt = 0;
        long waited = 0;
        UpstreamResponse last = null;
        while (true) {
            attempt++;
            Map<String, String> extra = new LinkedHashMap<>();
            if (sendsIdempotencyKey) {
                extra.put(idempotencyHeader, upstreamKey);
            }
            // The app joins the caller's trace (W3C Trace Context): same trace id, a new span per attempt.
            extra.put("traceparent", run.trace.childTraceparent());
            if (run.trace.tracestate() != null) {
                extra.put("tracestate", run.trace.tracestate());
            }
            UpstreamRequest request = build(link, method, path, spec.get("query"), callerHeaders, bodySpec, extra);
            Instant started = Instant.now();
            long remaining = run.remainingMillis();
            if (remaining < 500) {
                run.outcome = RunOutcome.DEADLINE;
                throw new ApiException(ErrorCode.UPSTREAM_TIMEOUT, "Out of time before the external app answered ("
                    + (attempt - 1) + " attempt(s))", Map.of("attempts", attempt - 1));
            }
            Duration read = Duration.ofMillis(Math.min(link.integration.readTimeoutMs(), remaining - 200));
            Duration connect = Duration.ofMillis(Math.min(link.integration.connectTimeoutMs(), read.toMillis()));
            try {
                UpstreamResponse response = followRedirects(run, attempt, waited, request, link, connect, read, started);
                last = response;
                if (response.status() == 401 && link.integration.auth().isOAuth2()) {
                    if (!link.refreshedAfter401 && refresher.isPresent()) {
                        link.refreshedAfter401 = true;
                        CredentialRefresher.Refreshed fresh = refresher.get().refresh(link.connection, link.integration, true);
                        link.use(fresh.connection(), fresh.credentials());
                        run.useSecrets(allSecrets(link), link.auth.sensitiveHeaders());
                        waited = 0;
                        continue;
                    }
                    throw new CredentialsRefused(link.connection, "The external app refused the credentials (401) after a refresh");
                }
                RetryPolicy.Decision next = retry.afterResponse(attempt, response, idempotent, run.remainingMillis(),
                    link.integration.rateLimit());
                if (next.retry()) {
                    sleep(next.waitMillis());
                    waited = next.waitMillis();
                    continue;
                }
                return result(run, response);
            } catch (UpstreamFailure f) {
                run.exchange(attempt, waited, request, null, f.getMessage(), f.durationMillis(), started);
                if (f.kind() == UpstreamFailure.Kind.DENIED) {
                    // The egress policy refused the address at connect time: nothing was sent, retrying cannot help.
                    run.outcome = RunOutcome.EGRESS_DENIED;
                    throw new ApiException(ErrorCode.EGRESS_DENIED, f.getMessage(), Map.of("attempts", attempt));
                }
                if (f.kind() == UpstreamFailure.Kind.TOO_LARGE) {
                    throw new ApiException(ErrorCode.OUTPUT_TOO_LARGE, f.getMessage());
                }
                RetryPolicy.Decision next = retry.afterFailure(attempt, f.maybeSent(), idempotent, run.remainingMillis());
                if (next.retry()) {
                    sleep(next.waitMillis());
                    waited = next.waitMillis();
                    continue;
                }
                if (f.maybeSent() && !idempotent) {
                    run.outcome = RunOutcome.IN_DOUBT;
                    throw new ApiException(ErrorCode.IN_DOUBT, "The request was sent but no complete response came (" + f.getMessage()
                        + "). It may or may not have taken effect at the external app: check before retrying.",
                        Map.of("outcome", RunOutcome.IN_DOUBT.wire(), "attempts", attempt));
                }
                if (f.kind() == UpstreamFailure.Kind.NOT_SENT) {
                    throw new ApiException(ErrorCode.UPSTREAM_UNREACHABLE, "The external app could not be reached: " + f.getMessage(),
                        Map.of("attempts", attempt));
                }
                throw new ApiException(ErrorCode.UPSTREAM_TIMEOUT, "The external app did not answer: " + f.getMessage(),
                    Map.of("attempts", attempt));
            }
        }
    }

    /** The app refused the connection's credentials even after a refresh: the connection must be reconnected. */
    static final class CredentialsRefused extends RuntimeException {
        final transient Connection connection;

        CredentialsRefused(Connection connection, String reason) {
            super(reason, null, false, false);
            this.connection = connection;
        }
    }


    static List<String> allSecrets(Link link) {
        return link.credentials.secretValues();
    }

    private UpstreamResponse followRedirects(RunRecorder run, int attempt, long waited, UpstreamRequest request, Link link,
                                             Duration connect, Duration read, Instant started) {
        UpstreamRequest current = request;
        for (int hop = 0; ; hop++) {
            run.countUpstreamCall(maxUpstreamCalls);
            UpstreamResponse response = client.send(current, connect, read);
            run.exchange(attempt, hop == 0 ? waited : 0, current, response, null, response.durationMillis(), started);
            String location = response.header("location");
            if (response.status() < 300 || response.status() >= 400 || location == null || hop >= MAX_REDIRECTS) {
                return response;
            }
            URI target;
            try {
                target = current.url().resolve(location);
                SafeUpstreamUrl.checkRedirect(URI.create(link.auth.baseUrl()), target);
            } catch (RuntimeException e) {
                return response;   // off the base URL: not followed, the 3xx is the answer
            }
            boolean toGet = response.status() == 303 || ((response.status() == 301 || response.status() == 302)
                && !current.method().equals("GET") && !current.method().equals("HEAD"));
            current = new UpstreamRequest(toGet ? "GET" : current.method(), target, current.headers(), toGet ? null : current.body());
        }
    }

    UpstreamRequest build(Link link, String method, String path, JsonNode query, Map<String, String> callerHeaders,
                          JsonNode body, Map<String, String> extraHeaders) {
        Map<String, List<String>> q = new LinkedHashMap<>();
        if (query != null && query.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = query.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                List<String> values = new ArrayList<>();
                if (e.getValue().isArray()) {
                    e.getValue().forEach(v -> values.add(v.asText()));
                } else if (!e.getValue().isNull()) {
                    values.add(e.getValue().asText());
                }
                q.put(e.getKey(), values);
            }
        }
        link.auth.query().forEach((k, v) -> q.put(k, List.of(v)));
        URI url = SafeUpstreamUrl.resolve(link.auth.baseUrl(), path, q);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        link.integration.defaultHeaders().forEach((k, v) -> headers.put(k, List.of(v)));
        // JSON unless the connector names its own media type (GitHub's application/vnd.github+json).
        if (header(headers, "accept") == null) {
            headers.put("Accept", List.of("application/json"));
        }
        headers.put("User-Agent", List.of("actgate/0.1"));
        callerHeaders.forEach((k, v) -> headers.put(k, List.of(v)));
        extraHeaders.forEach((k, v) -> headers.put(k, List.of(v)));
        link.auth.headers().forEach((k, v) -> headers.put(k, List.of(v)));
        byte[] bytes = null;
        if (body != null && !body.isNull() && !method.equals("GET") && !method.equals("HEAD")) {
            String contentType = header(headers, "content-type");
            if (body.isTextual()) {
                bytes = body.asText().getBytes(StandardCharsets.UTF_8);
                if (contentType == null) {
                    headers.put("Content-Type", List.of("text/plain; charset=utf-8"));
                }
            } else if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
                bytes = formEncode(body).getBytes(StandardCharsets.UTF_8);
            } else {
                try {
                    bytes = json.writeValueAsBytes(body);
                } catch (JsonProcessingException e) {
                    throw ApiException.validation("api.body cannot be serialised");
                }
                if (contentType == null) {
                    headers.put("Content-Type", List.of("application/json"));
                }
            }
        }
        return new UpstreamRequest(method, url, headers, bytes);
    }

    private static String header(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue().isEmpty() ? null : e.getValue().get(0);
            }
        }
        return null;
    }

    /** Form encoding with bracket notation for nested values ({@code metadata[k]=v}), as Stripe expects. */
    static String formEncode(JsonNode body) {
        List<String> pairs = new ArrayList<>();
        flatten("", body, pairs);
        return String.join("&", pairs);
    }

    private static void flatten(String prefix, JsonNode node, List<String> pairs) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> flatten(prefix.isEmpty() ? e.getKey() : prefix + "[" + e.getKey() + "]", e.getValue(), pairs));
        } else if (node.isArray()) {
            int i = 0;
            for (JsonNode n : node) {
                flatten(prefix + "[" + i++ + "]", n, pairs);
            }
        } else if (!node.isNull()) {
            pairs.add(PercentEncoding.form(prefix) + "=" + PercentEncoding.form(node.asText()));
        }
    }

    private ObjectNode result(RunRecorder run, UpstreamResponse response) {
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
        String text = new String(body, StandardCharsets.UTF_8);
        boolean looksJson = (contentType != null && contentType.toLowerCase(Locale.ROOT).contains("json"))
            || text.startsWith("{") || text.startsWith("[");
        if (looksJson) {
            try {
                return json.readTree(body);
            } catch (java.io.IOException e) {
                // not JSON after all: keep the text
            }
        }
        return json.getNodeFactory().textNode(text);
    }

    static boolean idempotentMethod(String method) {
        return switch (method) {
            case "GET", "HEAD", "PUT", "DELETE", "OPTIONS" -> true;
            default -> false;
        };
    }

    private static void sleep(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(ErrorCode.UPSTREAM_TIMEOUT, "Interrupted while waiting to retry");
        }
    }
}
