package dev.actgate.shared.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.actgate.shared.auth.Caller;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorCode;
import dev.actgate.shared.storage.Keys;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Idempotency keys ({@code Idempotency-Key} header, or {@code idempotencyKey} in an /act body), scoped to the
 * tenant and the route. The first request claims the key with a conditional write (an in-progress record that
 * expires after {@link IdempotencySettings#inProgressTtl}, so a crashed attempt never blocks the key for good),
 * runs, and stores its response for {@link IdempotencySettings#retention} (default 24 h). A repeat with the same key:
 * <ul>
 *   <li>same body → the stored status and body, with {@code Idempotent-Replayed: true};</li>
 *   <li>different body → 422 IDEMPOTENCY_KEY_REUSED;</li>
 *   <li>while the first is still running → 409 IDEMPOTENCY_IN_PROGRESS ({@code concurrency}) with Retry-After.</li>
 * </ul>
 * Responses that say "try again" (500, 502, 503) are not kept: the key is released so the retry can run.
 * Routes get this by declaring {@link Idempotent} ({@link IdempotencyInterceptor}); the records live behind
 * {@link IdempotencyRepository}.
 */
@Singleton
public record IdempotencyService(IdempotencyRepository repository, ObjectMapper json, IdempotencySettings settings) {
    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");
    private static final Set<String> KEPT_HEADERS = Set.of("Retry-After", "Location");

    /** The request's outcome: a body to serialise (status 200/201) or an ApiException thrown by {@code action}. */
    public record Outcome(int status, Object body) {
    }

    /** The caller's key: the header, else (where the route accepts one, e.g. {@code POST /act}) a top-level body field. */
    public static String keyOf(String header, JsonNode body, String bodyField) {
        if (header != null || bodyField == null || bodyField.isEmpty()) {
            return header;
        }
        return body instanceof ObjectNode o && o.hasNonNull(bodyField) ? o.get(bodyField).asText() : null;
    }

    /**
     * Runs {@code action} at most once per (tenant, route, key). Without a key, just runs it.
     *
     * @param fingerprint what makes two requests "the same" (method, path, query and body)
     */
    public MutableHttpResponse<?> run(Caller caller, String route, String key, String fingerprint, Supplier<Outcome> action) {
        if (key == null) {
            Outcome o = action.get();
            return HttpResponse.status(HttpStatus.valueOf(o.status())).body(o.body());
        }
        if (!KEY.matcher(key).matches()) {
            throw ApiException.validation("Idempotency-Key must be 1-255 visible ASCII characters");
        }
        String scoped = scopedKey(caller, route, key);
        String hash = sha256(fingerprint);
        String owner = UUID.randomUUID().toString();
        Instant now = Instant.now();
        if (!repository.claim(scoped, hash, owner, now, now.plus(settings.inProgressTtl()))) {
            return existing(scoped, hash);
        }
        int status;
        String body;
        Map<String, String> headers = new LinkedHashMap<>();
        try {
            Outcome o = action.get();
            status = o.status();
            body = write(o.body());
        } catch (ApiException e) {
            status = e.code().status();
            body = write(e.toBody());
            e.headers().forEach((k, v) -> {
                if (KEPT_HEADERS.contains(k)) {
                    headers.put(k, v);
                }
            });
            // A held dispatch (202 approval_required) or a refusal about the key itself did not run: the key stays
            // free for the retry that follows the approval (docs/approvals.md).
            boolean notRun = e.code() == ErrorCode.APPROVAL_REQUIRED || e.code() == ErrorCode.IDEMPOTENCY_KEY_REUSED
                || e.code() == ErrorCode.IDEMPOTENCY_IN_PROGRESS;
            if (notRun || status == 500 || status == 502 || status == 503) {
                repository.release(scoped, owner);
                throw e;
            }
        } catch (RuntimeException e) {
            repository.release(scoped, owner);
            throw e;
        }
        // false: our in-progress claim expired and someone else took the key; our answer still goes to our caller.
        repository.complete(scoped, hash, owner, status, body, headers, Instant.now().plus(settings.retention()));
        return respond(status, body, headers, false);
    }

    /** A key is scoped to the workspace, the tenant (or the manager) and the route. */
    static String scopedKey(Caller caller, String route, String key) {
        return Keys.join(caller.workspaceId(), caller.tenantKey() == null ? "~manager" : caller.tenantKey(), route, key);
    }

    private MutableHttpResponse<?> existing(String scoped, String hash) {
        IdempotencyRecord stored = repository.find(scoped).orElseThrow(() -> new ApiException(ErrorCode.IDEMPOTENCY_IN_PROGRESS,
            "A request with this Idempotency-Key just finished; retry").withHeader("Retry-After", "1"));
        if (!hash.equals(stored.requestHash())) {
            throw new ApiException(ErrorCode.IDEMPOTENCY_KEY_REUSED,
                "This Idempotency-Key was used with a different request; use a new key for a new request");
        }
        if (!stored.done()) {
            throw new ApiException(ErrorCode.IDEMPOTENCY_IN_PROGRESS,
                "A request with this Idempotency-Key is still running; retry after it finishes").withHeader("Retry-After", "1");
        }
        return respond(stored.status(), stored.body(), stored.headers(), true);
    }

    private static MutableHttpResponse<?> respond(int status, String body, Map<String, String> headers, boolean replayed) {
        MutableHttpResponse<String> r = HttpResponse.<String>status(HttpStatus.valueOf(status)).body(body)
            .contentType(MediaType.APPLICATION_JSON_TYPE);
        headers.forEach(r::header);
        r.header(REPLAYED_HEADER, Boolean.toString(replayed));
        return r;
    }

    /** method + path + query + body, the parts that make two requests the same request. */
    public String fingerprint(String method, String path, String query, Object body) {
        return method + " " + path + "?" + (query == null ? "" : query) + "\n" + write(body);
    }

    private String write(Object o) {
        try {
            return o == null ? "null" : o instanceof String str ? str : json.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
