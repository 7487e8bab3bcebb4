package dev.actgate.act;

import dev.actgate.shared.integrations.Connector;
import dev.actgate.shared.upstream.UpstreamResponse;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongUnaryOperator;

/**
 * When and how long to wait before another attempt at an external app. Exponential backoff with full jitter
 * (a random wait in [0, min(cap, base·2ⁿ)]), unless the app said how long: {@code Retry-After} in either form
 * (seconds or HTTP date) or the connector's rate-limit reset header. See docs/retries.md.
 */
@Singleton
public class RetryPolicy {
    final int maxAttempts;
    final long baseMillis;
    final long capMillis;
    /** Full jitter: a wait in [0, ceiling]. Replaceable so tests can pin it. */
    private final LongUnaryOperator jitter;

    @Inject
    public RetryPolicy(RetrySettings settings) {
        this(settings.maxAttempts(), settings.backoffBaseMs(), settings.backoffCapMs(),
            ceiling -> ThreadLocalRandom.current().nextLong(ceiling + 1));
    }

    RetryPolicy(int maxAttempts, long baseMillis, long capMillis, LongUnaryOperator jitter) {
        this.maxAttempts = maxAttempts;
        this.baseMillis = baseMillis;
        this.capMillis = capMillis;
        this.jitter = jitter;
    }

    /** Whether to try again, why (for the reader of a run log or a test), and how long to wait first. */
    public record Decision(boolean retry, String reason, long waitMillis) {
        static Decision stop(String reason) {
            return new Decision(false, reason, 0);
        }
    }

    /**
     * After attempt {@code attempt} got {@code response}: retry a retryable status (429, 502, 503, 504) of an
     * idempotent request while attempts remain and the wait fits in the run's remaining budget (with 1 s to spare).
     */
    Decision afterResponse(int attempt, UpstreamResponse response, boolean idempotent, long remainingMillis,
                           Connector.RateLimitSpec rateLimit) {
        if (!retryableStatus(response.status())) {
            return Decision.stop("status " + response.status() + " is not retried");
        }
        if (!idempotent) {
            return Decision.stop("not idempotent: a repeat could act twice");
        }
        return fit(attempt, waitMillis(attempt + 1, response, rateLimit), remainingMillis,
            toldWait(response, rateLimit) != null ? "the app said how long to wait" : "backoff");
    }

    /**
     * After attempt {@code attempt} failed without a complete response: a request that never left may always be
     * retried; one that may have been sent only if it is idempotent (otherwise the run is in doubt).
     */
    Decision afterFailure(int attempt, boolean maybeSent, boolean idempotent, long remainingMillis) {
        if (maybeSent && !idempotent) {
            return Decision.stop("may have been sent and is not idempotent: in doubt");
        }
        return fit(attempt, waitMillis(attempt + 1, null, null), remainingMillis, maybeSent ? "idempotent" : "not sent");
    }

    private Decision fit(int attempt, long wait, long remainingMillis, String why) {
        if (attempt >= maxAttempts) {
            return Decision.stop("attempts exhausted (" + maxAttempts + ")");
        }
        if (wait >= remainingMillis - 1000) {
            return Decision.stop("a wait of " + wait + " ms does not fit in the remaining " + remainingMillis + " ms");
        }
        return new Decision(true, why, wait);
    }

    static boolean retryableStatus(int status) {
        return status == 429 || status == 502 || status == 503 || status == 504;
    }

    /** The wait before attempt {@code nextAttempt} (2, 3, …) after {@code response} (null after a network error). */
    long waitMillis(int nextAttempt, UpstreamResponse response, Connector.RateLimitSpec rateLimit) {
        if (response != null) {
            Long told = toldWait(response, rateLimit);
            if (told != null) {
                return Math.max(0, told);
            }
        }
        long ceiling = Math.min(capMillis, baseMillis * (1L << Math.min(20, nextAttempt - 2)));
        return jitter.applyAsLong(ceiling);
    }

    /** What the app asked for: Retry-After (seconds or HTTP date), else its rate-limit reset when exhausted. */
    static Long toldWait(UpstreamResponse response, Connector.RateLimitSpec rateLimit) {
        String retryAfter = response.header(rateLimit != null && rateLimit.retryAfterHeader() != null
            ? rateLimit.retryAfterHeader() : "retry-after");
        if (retryAfter == null && rateLimit != null) {
            retryAfter = response.header("retry-after");
        }
        if (retryAfter != null) {
            Long parsed = parseRetryAfter(retryAfter.trim(), Instant.now());
            if (parsed != null) {
                return parsed;
            }
        }
        if (rateLimit != null && rateLimit.resetHeader() != null) {
            String remaining = rateLimit.remainingHeader() == null ? null : response.header(rateLimit.remainingHeader());
            String reset = response.header(rateLimit.resetHeader());
            if (reset != null && (remaining == null || remaining.trim().equals("0"))) {
                return parseReset(reset.trim(), rateLimit.resetFormat(), Instant.now());
            }
        }
        return null;
    }

    static Long parseRetryAfter(String value, Instant now) {
        try {
            return Math.round(Double.parseDouble(value) * 1000);
        } catch (NumberFormatException e) {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return Math.max(0, Duration.between(now, at).toMillis());
            } catch (RuntimeException e2) {
                return null;
            }
        }
    }

    static Long parseReset(String value, String format, Instant now) {
        try {
            return switch (format == null ? "epoch-seconds" : format) {
                case "seconds" -> Math.round(Double.parseDouble(value) * 1000);
                case "epoch-millis" -> Math.max(0, Long.parseLong(value) - now.toEpochMilli());
                case "http-date" -> parseRetryAfter(value, now);
                default -> Math.max(0, Math.round(Double.parseDouble(value) * 1000) - now.toEpochMilli());
            };
        } catch (RuntimeException e) {
            return null;
        }
    }
}
