package dev.actgate.act;

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
import dev.actgate.shared.upstream.UpstreamClient;
import dev.actgate.shared.upstream.UpstreamFailure;
import dev.actgate.shared.upstream.UpstreamRequest;
import dev.actgate.shared.upstream.UpstreamRequestBuilder;
import dev.actgate.shared.upstream.UpstreamResponse;
import io.micronaut.context.BeanProvider;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Sends one logical request to the external app through a connection: the attempt loop — safe retries (the decision
 * is {@link RetryPolicy}'s), the in-doubt rule, one refresh-and-retry on an OAuth2 401, every attempt recorded. The
 * request itself is built by the shared {@link UpstreamRequestBuilder} (URL confined to the base URL, auth applied,
 * callers cannot override it), redirects are {@link UpstreamRedirects}' (same origin only), and the answer's mapping
 * to a result or an error attributed to the external app is {@link UpstreamAnswers}'. Returns {@code {status, headers, data}}; error statuses become
 * {@code action_run} errors attributed to the external app. It changes no stored state of its own: when the app
 * refuses a connection's credentials for good it reports that ({@link CredentialsRefused}) and the engine records it.
 */
@Singleton
public class UpstreamCaller {
    static final int MAX_REDIRECTS = 3;

    private final UpstreamClient client;
    private final BeanProvider<CredentialRefresher> refresher;
    private final RetryPolicy retry;
    private final UpstreamRequestBuilder requests;
    private final UpstreamAnswers answers;

    /** Upstream requests one run (with its nested runs) may make: attempts and redirect hops count (issue 11). */
    private final int maxUpstreamCalls;

    public UpstreamCaller(UpstreamClient client, BeanProvider<CredentialRefresher> refresher, RetryPolicy retry, ObjectMapper json,
                          ActSettings settings) {
        this.maxUpstreamCalls = settings.maxUpstreamCalls();
        this.client = client;
        this.refresher = refresher;
        this.retry = retry;
        this.requests = new UpstreamRequestBuilder(json);
        this.answers = new UpstreamAnswers(json);
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
            UpstreamRequest request = requests.build(link.integration, link.auth, method, path, spec.get("query"), callerHeaders, bodySpec, extra);
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
                return answers.result(run, response);
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
            UpstreamRequest next = hop >= MAX_REDIRECTS ? null : UpstreamRedirects.next(current, response, link.auth.baseUrl());
            if (next == null) {
                return response;
            }
            current = next;
        }
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
