package dev.actgate.shared.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.actgate.shared.auth.Caller;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorCode;
import dev.actgate.shared.storage.TableNames;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
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
 * expires after {@link #inProgressTtl}, so a crashed attempt never blocks the key for good), runs, and stores its
 * response for {@link #retention} (default 24 h). A repeat with the same key:
 * <ul>
 *   <li>same body → the stored status and body, with {@code Idempotent-Replayed: true};</li>
 *   <li>different body → 422 IDEMPOTENCY_KEY_REUSED;</li>
 *   <li>while the first is still running → 409 IDEMPOTENCY_IN_PROGRESS ({@code concurrency}) with Retry-After.</li>
 * </ul>
 * Responses that say "try again" (500, 502, 503) are not kept: the key is released so the retry can run.
 */
@Singleton
public class IdempotencyService {
    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");
    private static final Set<String> KEPT_HEADERS = Set.of("Retry-After", "Location");
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() { };

    private final DynamoDbClient dynamo;
    private final String table;
    private final ObjectMapper json;
    private final Duration retention;
    private final Duration inProgressTtl;

    public IdempotencyService(DynamoDbClient dynamo, TableNames tables, ObjectMapper json,
                              @Value("${actgate.idempotency.retention-hours:24}") long retentionHours,
                              @Value("${actgate.idempotency.in-progress-seconds:60}") long inProgressSeconds) {
        this.dynamo = dynamo;
        this.table = tables.idempotency();
        this.json = json;
        this.retention = Duration.ofHours(retentionHours);
        this.inProgressTtl = Duration.ofSeconds(inProgressSeconds);
    }

    /** The request's outcome: a body to serialise (status 200/201) or an ApiException thrown by {@code action}. */
    public record Outcome(int status, Object body) {
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
        String pk = caller.workspaceId() + "#" + (caller.tenantKey() == null ? "~manager" : caller.tenantKey()) + "#" + route + "#" + key;
        String hash = sha256(fingerprint);
        String owner = UUID.randomUUID().toString();
        long now = System.currentTimeMillis() / 1000;
        try {
            dynamo.putItem(p -> p.tableName(table)
                .item(Map.of("pk", s(pk), "state", s("IN_PROGRESS"), "requestHash", s(hash), "owner", s(owner),
                    "expiresAt", n(now + inProgressTtl.toSeconds())))
                .conditionExpression("attribute_not_exists(pk) OR expiresAt < :now")
                .expressionAttributeValues(Map.of(":now", n(now))));
        } catch (ConditionalCheckFailedException e) {
            return existing(pk, hash);
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
                release(pk, owner);
                throw e;
            }
        } catch (RuntimeException e) {
            release(pk, owner);
            throw e;
        }
        try {
            String storedStatus = Integer.toString(status);
            String storedBody = body;
            dynamo.putItem(p -> p.tableName(table)
                .item(Map.of("pk", s(pk), "state", s("DONE"), "requestHash", s(hash), "owner", s(owner),
                    "status", n(Long.parseLong(storedStatus)), "body", s(storedBody), "headers", s(write(headers)),
                    "expiresAt", n(System.currentTimeMillis() / 1000 + retention.toSeconds())))
                .conditionExpression("#owner = :owner")
                .expressionAttributeNames(Map.of("#owner", "owner"))
                .expressionAttributeValues(Map.of(":owner", s(owner))));
        } catch (ConditionalCheckFailedException e) {
            // Our in-progress claim expired and someone else took the key: our answer still goes to our caller.
        }
        return respond(status, body, headers, false);
    }

    private MutableHttpResponse<?> existing(String pk, String hash) {
        Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(table).key(Map.of("pk", s(pk))).consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            throw new ApiException(ErrorCode.IDEMPOTENCY_IN_PROGRESS, "A request with this Idempotency-Key just finished; retry")
                .withHeader("Retry-After", "1");
        }
        if (!hash.equals(item.get("requestHash").s())) {
            throw new ApiException(ErrorCode.IDEMPOTENCY_KEY_REUSED,
                "This Idempotency-Key was used with a different request; use a new key for a new request");
        }
        if ("IN_PROGRESS".equals(item.get("state").s())) {
            throw new ApiException(ErrorCode.IDEMPOTENCY_IN_PROGRESS,
                "A request with this Idempotency-Key is still running; retry after it finishes").withHeader("Retry-After", "1");
        }
        Map<String, String> headers = read(item.get("headers").s());
        return respond(Integer.parseInt(item.get("status").n()), item.get("body").s(), headers, true);
    }

    private static MutableHttpResponse<?> respond(int status, String body, Map<String, String> headers, boolean replayed) {
        MutableHttpResponse<String> r = HttpResponse.<String>status(HttpStatus.valueOf(status)).body(body)
            .contentType(MediaType.APPLICATION_JSON_TYPE);
        headers.forEach(r::header);
        r.header(REPLAYED_HEADER, Boolean.toString(replayed));
        return r;
    }

    private void release(String pk, String owner) {
        try {
            dynamo.deleteItem(d -> d.tableName(table).key(Map.of("pk", s(pk))).conditionExpression("#owner = :owner")
                .expressionAttributeNames(Map.of("#owner", "owner")).expressionAttributeValues(Map.of(":owner", s(owner))));
        } catch (RuntimeException e) {
            // It expires on its own.
        }
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

    private Map<String, String> read(String s) {
        try {
            return s == null ? Map.of() : json.readValue(s, STRING_MAP);
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }
}
