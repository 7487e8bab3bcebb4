package dev.actgate.shared.idempotency;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.actgate.shared.auth.Caller;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorCode;
import io.micronaut.http.MutableHttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The idempotency rules as pure logic over an in-memory repository: the key and its scope, the fingerprint, replay,
 * reuse with another request, a request still running, and which failures release the key.
 * (IdempotencyIntegrationTest checks the same through POST /act on DynamoDB Local.)
 */
class IdempotencyServiceTest {
    static final ObjectMapper JSON = new ObjectMapper();
    final MemoryRepository repository = new MemoryRepository();
    final IdempotencyService service = new IdempotencyService(repository, JSON, new IdempotencySettings(24, 60));
    final Caller alice = new Caller("ws_1", "acme", "alice", false);
    final AtomicInteger runs = new AtomicInteger();

    static final class MemoryRepository implements IdempotencyRepository {
        final Map<String, IdempotencyRecord> records = new HashMap<>();
        final Map<String, String> owners = new HashMap<>();

        @Override
        public boolean claim(String key, String requestHash, String owner, Instant now, Instant claimExpiresAt) {
            if (records.containsKey(key)) {
                return false;
            }
            records.put(key, new IdempotencyRecord(requestHash, false, 0, null, Map.of()));
            owners.put(key, owner);
            return true;
        }

        @Override
        public Optional<IdempotencyRecord> find(String key) {
            return Optional.ofNullable(records.get(key));
        }

        @Override
        public boolean complete(String key, String requestHash, String owner, int status, String body, Map<String, String> headers,
                                Instant expiresAt) {
            if (!owner.equals(owners.get(key))) {
                return false;
            }
            records.put(key, new IdempotencyRecord(requestHash, true, status, body, headers));
            return true;
        }

        @Override
        public void release(String key, String owner) {
            if (owner.equals(owners.get(key))) {
                records.remove(key);
                owners.remove(key);
            }
        }
    }

    MutableHttpResponse<?> send(Caller caller, String route, String key, Object body) {
        return service.run(caller, route, key, service.fingerprint("POST", "/x", null, body), () -> {
            runs.incrementAndGet();
            return new IdempotencyService.Outcome(201, Map.of("n", runs.get()));
        });
    }

    @Test
    void withoutAKeyEveryRequestRuns() {
        send(alice, "POST /x", null, Map.of("a", 1));
        MutableHttpResponse<?> r = send(alice, "POST /x", null, Map.of("a", 1));
        assertEquals(2, runs.get());
        assertEquals(201, r.code());
        assertNull(r.getHeaders().get(IdempotencyService.REPLAYED_HEADER));
    }

    @Test
    void aRepeatGetsTheStoredResponseMarkedReplayed() {
        MutableHttpResponse<?> first = send(alice, "POST /x", "k1", Map.of("a", 1));
        MutableHttpResponse<?> again = send(alice, "POST /x", "k1", Map.of("a", 1));
        assertEquals(1, runs.get());
        assertEquals("false", first.getHeaders().get(IdempotencyService.REPLAYED_HEADER));
        assertEquals("true", again.getHeaders().get(IdempotencyService.REPLAYED_HEADER));
        assertEquals(201, again.code());
        assertEquals(first.body(), again.body());
    }

    @Test
    void theSameKeyWithAnotherRequestIsRefused() {
        send(alice, "POST /x", "k1", Map.of("a", 1));
        ApiException e = assertThrows(ApiException.class, () -> send(alice, "POST /x", "k1", Map.of("a", 2)));
        assertEquals(ErrorCode.IDEMPOTENCY_KEY_REUSED, e.code());
        assertEquals(1, runs.get());
    }

    @Test
    void keysAreScopedToTenantAndRoute() {
        send(alice, "POST /x", "k1", Map.of("a", 1));
        send(new Caller("ws_1", "acme", "bob", false), "POST /x", "k1", Map.of("a", 1));
        send(alice, "POST /y", "k1", Map.of("a", 1));
        send(new Caller("ws_1", "acme", null, true), "POST /x", "k1", Map.of("a", 1));
        send(new Caller("ws_2", "other", "alice", false), "POST /x", "k1", Map.of("a", 1));
        assertEquals(5, runs.get(), "another tenant, route, manager or workspace is another key");
        assertEquals("ws_1#~manager#POST /x#k1", IdempotencyService.scopedKey(new Caller("ws_1", "acme", null, true), "POST /x", "k1"));
        assertEquals("ws_1#alice#POST /x#k1", IdempotencyService.scopedKey(alice, "POST /x", "k1"));
    }

    @Test
    void aRequestStillRunningIsAConflictWithRetryAfter() {
        repository.claim(IdempotencyService.scopedKey(alice, "POST /x", "k1"),
            IdempotencyService.sha256(service.fingerprint("POST", "/x", null, Map.of("a", 1))), "someone", Instant.now(), Instant.now());
        ApiException e = assertThrows(ApiException.class, () -> send(alice, "POST /x", "k1", Map.of("a", 1)));
        assertEquals(ErrorCode.IDEMPOTENCY_IN_PROGRESS, e.code());
        assertEquals("1", e.headers().get("Retry-After"));
    }

    @ParameterizedTest(name = "a {0} releases the key")
    @ValueSource(ints = {500, 502, 503})
    void tryAgainFailuresReleaseTheKey(int status) {
        ErrorCode code = java.util.Arrays.stream(ErrorCode.values()).filter(c -> c.status() == status).findFirst().orElseThrow();
        assertThrows(ApiException.class, () -> service.run(alice, "POST /x", "k1", "f", () -> {
            throw new ApiException(code, "try again");
        }));
        assertTrue(repository.records.isEmpty(), "released");
        send(alice, "POST /x", "k1", "f");
        assertEquals(1, runs.get(), "the retry runs");
    }

    @Test
    void aCallersMistakeIsKeptAndReplayed() {
        MutableHttpResponse<?> first = service.run(alice, "POST /x", "k1", "f", () -> {
            throw ApiException.validation("bad input");
        });
        assertEquals(400, first.code(), "a key turns the error into a stored response");
        assertEquals("false", first.getHeaders().get(IdempotencyService.REPLAYED_HEADER));
        MutableHttpResponse<?> replay = service.run(alice, "POST /x", "k1", "f", () -> {
            throw new AssertionError("must not run again");
        });
        assertEquals(400, replay.code());
        assertEquals("true", replay.getHeaders().get(IdempotencyService.REPLAYED_HEADER));
        assertTrue(String.valueOf(replay.body()).contains("bad input"));
    }

    @ParameterizedTest(name = "key \"{0}\" is refused")
    @ValueSource(strings = {"", "has space", "tab\t", "ünïcode"})
    void keysAreVisibleAscii(String key) {
        assertEquals(400, assertThrows(ApiException.class, () -> send(alice, "POST /x", key, "b")).code().status());
        assertThrows(ApiException.class, () -> send(alice, "POST /x", "k".repeat(256), "b"));
        send(alice, "POST /x", "k".repeat(255), "b");
    }

    @Test
    void theFingerprintIsMethodPathQueryAndBody() {
        ObjectNode body = JSON.createObjectNode().put("a", 1);
        String f = service.fingerprint("POST", "/act", null, body);
        assertEquals("POST /act?\n{\"a\":1}", f);
        assertNotEquals(f, service.fingerprint("POST", "/act", "x=1", body));
        assertNotEquals(f, service.fingerprint("PUT", "/act", null, body));
        assertNotEquals(f, service.fingerprint("POST", "/other", null, body));
        assertEquals("POST /act?\nnull", service.fingerprint("POST", "/act", null, null));
        assertEquals(64, IdempotencyService.sha256(f).length());
    }

    @Test
    void theKeyComesFromTheHeaderElseTheDeclaredBodyField() {
        ObjectNode body = JSON.createObjectNode().put("idempotencyKey", "from-body");
        assertEquals("from-header", IdempotencyService.keyOf("from-header", body, "idempotencyKey"));
        assertEquals("from-body", IdempotencyService.keyOf(null, body, "idempotencyKey"));
        assertNull(IdempotencyService.keyOf(null, body, ""), "only routes that declare the field read it");
        assertNull(IdempotencyService.keyOf(null, JSON.createArrayNode(), "idempotencyKey"));
    }
}
