package dev.actgate.shared.idempotency;

import java.util.Map;

/**
 * One idempotency key's stored state: claimed and running ({@code done == false}), or done with the response to
 * replay ({@code status}, {@code body}, the kept {@code headers}).
 */
public record IdempotencyRecord(String requestHash, boolean done, int status, String body, Map<String, String> headers) {
}
