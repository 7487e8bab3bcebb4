package dev.actgate.act;

import dev.actgate.shared.integrations.Connector;
import dev.actgate.shared.upstream.UpstreamResponse;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;

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

    public RetryPolicy(@Value("${actgate.upstream.max-attempts:4}") int maxAttempts,
                       @Value("${actgate.upstream.backoff-base-ms:200}") long baseMillis,
                       @Value("${actgate.upstream.backoff-cap-ms:5000}") long capMillis) {
        this.maxAttempts = maxAttempts;
        this.baseMillis = baseMillis;
        this.capMillis = capMillis;
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
        return ThreadLocalRandom.current().nextLong(ceiling + 1);
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
