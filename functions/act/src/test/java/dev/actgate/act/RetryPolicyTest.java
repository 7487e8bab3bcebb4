package dev.actgate.act;

import dev.actgate.shared.integrations.Connector;
import dev.actgate.shared.upstream.UpstreamResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The retry decision as a pure function: when to try again, why, and how long to wait (docs/retries.md). */
class RetryPolicyTest {
    /** Jitter pinned to its ceiling, so the waits are the backoff's upper bounds. */
    final RetryPolicy policy = new RetryPolicy(4, 200, 5000, ceiling -> ceiling);

    static UpstreamResponse response(int status, Map<String, String> headers) {
        Map<String, List<String>> h = new java.util.HashMap<>();
        headers.forEach((k, v) -> h.put(k.toLowerCase(java.util.Locale.ROOT), List.of(v)));
        return new UpstreamResponse(status, h, new byte[0], 5);
    }

    @ParameterizedTest(name = "status {0} retried: {1}")
    @CsvSource({"429, true", "502, true", "503, true", "504, true", "500, false", "400, false", "401, false", "404, false", "200, false"})
    void onlyTransientStatusesAreRetried(int status, boolean retried) {
        assertEquals(retried, policy.afterResponse(1, response(status, Map.of()), true, 20_000, null).retry());
    }

    @Test
    void backoffDoublesUpToTheCap() {
        assertEquals(200, policy.afterResponse(1, response(503, Map.of()), true, 60_000, null).waitMillis());
        assertEquals(400, policy.afterResponse(2, response(503, Map.of()), true, 60_000, null).waitMillis());
        assertEquals(800, policy.afterResponse(3, response(503, Map.of()), true, 60_000, null).waitMillis());
        RetryPolicy generous = new RetryPolicy(20, 200, 5000, ceiling -> ceiling);
        assertEquals(5000, generous.afterResponse(10, response(503, Map.of()), true, 60_000, null).waitMillis());
    }

    /** A request that is not tried again, and the reason the run log gives for it. */
    @ParameterizedTest(name = "attempt {0}, status {1}, Retry-After {2}, idempotent {3}, {4} ms left: not retried, \"{5}\"")
    @CsvSource({
        "1, 503, , false, 20000, not idempotent",
        "4, 503, , true, 60000, attempts exhausted",
        "1, 429, 30, true, 10000, does not fit"})
    void aRequestThatIsNotRetriedSaysWhy(int attempt, int status, String retryAfter, boolean idempotent, long budgetMillis,
                                         String reason) {
        Map<String, String> headers = retryAfter == null ? Map.of() : Map.of("Retry-After", retryAfter);
        RetryPolicy.Decision d = policy.afterResponse(attempt, response(status, headers), idempotent, budgetMillis, null);
        assertFalse(d.retry());
        assertTrue(d.reason().contains(reason), d.reason());
    }

    @Test
    void aWaitThatFitsTheBudgetIsTaken() {
        assertTrue(policy.afterResponse(1, response(429, Map.of("Retry-After", "2")), true, 10_000, null).retry());
    }

    @Test
    void retryAfterInSecondsOrAsAnHttpDateSetsTheWait() {
        RetryPolicy.Decision d = policy.afterResponse(1, response(429, Map.of("Retry-After", "1.5")), true, 20_000, null);
        assertTrue(d.retry());
        assertEquals(1500, d.waitMillis());
        assertEquals("the app said how long to wait", d.reason());
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        assertEquals(3000L, RetryPolicy.parseRetryAfter("Thu, 01 Jan 2026 00:00:03 GMT", now));
        assertEquals(0L, RetryPolicy.parseRetryAfter("Wed, 31 Dec 2025 23:59:00 GMT", now), "a date in the past waits 0");
        assertNull(RetryPolicy.parseRetryAfter("soon", now));
    }

    @Test
    void aConnectorsRateLimitResetCountsOnlyWhenExhausted() {
        Connector.RateLimitSpec github = new Connector.RateLimitSpec("x-ratelimit-limit", "x-ratelimit-remaining",
            "x-ratelimit-reset", "epoch-seconds", null);
        long reset = Instant.now().getEpochSecond() + 3;
        Long told = RetryPolicy.toldWait(response(429, Map.of("x-ratelimit-remaining", "0", "x-ratelimit-reset",
            Long.toString(reset))), github);
        assertTrue(told != null && told > 1000 && told <= 3000, "waits until the reset: " + told);
        assertNull(RetryPolicy.toldWait(response(429, Map.of("x-ratelimit-remaining", "10", "x-ratelimit-reset",
            Long.toString(reset))), github), "not exhausted: the reset says nothing about this 429");
    }

    @ParameterizedTest(name = "reset {0} as {1} → {2} ms")
    @CsvSource({"2, seconds, 2000", "0.25, seconds, 250", "1767225605000, epoch-millis, 5000", "1767225610, epoch-seconds, 10000",
        "1767225590, epoch-seconds, 0"})
    void resetFormats(String value, String format, long expected) {
        assertEquals(expected, RetryPolicy.parseReset(value, format, Instant.parse("2026-01-01T00:00:00Z")));
    }

    @Test
    void afterANetworkFailure() {
        RetryPolicy.Decision notSent = policy.afterFailure(1, false, false, 20_000);
        assertTrue(notSent.retry(), "a request that never left is always safe to repeat");
        assertEquals("not sent", notSent.reason());
        RetryPolicy.Decision doubt = policy.afterFailure(1, true, false, 20_000);
        assertFalse(doubt.retry());
        assertTrue(doubt.reason().contains("in doubt"), doubt.reason());
        assertTrue(policy.afterFailure(1, true, true, 20_000).retry(), "an idempotent request may be repeated");
        assertFalse(policy.afterFailure(4, false, true, 20_000).retry());
        assertFalse(policy.afterFailure(1, false, true, 900).retry(), "no time left");
    }
}
