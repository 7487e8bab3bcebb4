package dev.actgate.shared.runs;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One HTTP exchange with the external app, as recorded in a run log's details: already redacted, bodies capped.
 *
 * @param waitedMillis how long actgate waited before this attempt (backoff or Retry-After)
 * @param error        set when no response came (connect failure, timeout, broken connection)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunExchange(
    int attempt,
    Instant startedAt,
    Long waitedMillis,
    String method,
    String url,
    Map<String, List<String>> requestHeaders,
    String requestBody,
    Integer status,
    Map<String, List<String>> responseHeaders,
    String responseBody,
    Long durationMillis,
    String error,
    Boolean bodyTruncated) {
}
