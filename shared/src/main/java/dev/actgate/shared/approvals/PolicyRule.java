package dev.actgate.shared.approvals;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;

/**
 * One rule of a workspace's approval policy: when {@code match} fits a dispatch, {@code decision} applies. Rules are
 * ordered; the first that matches wins, and no match means the action runs. Built only through
 * {@link PolicyRules#parse}, so every stored rule is valid.
 *
 * @param expiresInMinutes how long a person has to decide ({@code require_approval} only; null = the deployment default)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PolicyRule(String id, String name, Match match, Decision decision, Integer expiresInMinutes,
                         Instant createdAt, Instant updatedAt) {

    public enum Decision {
        REQUIRE_APPROVAL, BLOCK, NOTIFY_ONLY, AUTO_APPROVE;

        @com.fasterxml.jackson.annotation.JsonCreator
        static Decision read(String wire) {
            return valueOf(wire.toUpperCase(java.util.Locale.ROOT));
        }

        @com.fasterxml.jackson.annotation.JsonValue
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * What a rule looks at. Every field is optional; a field that is set must fit (all of them: AND). Text fields
     * hold one or more accepted values (any of them: OR). {@code path} holds glob patterns for inline api and proxy
     * calls ({@code *} one path segment, {@code **} any number of segments).
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Match(List<String> actionKey, List<String> actionId, List<String> actionType, List<String> integrationKey,
                        List<String> connectorKey, List<String> connectionKey, List<String> tenantKey, List<String> method,
                        List<String> path, List<InputPredicate> input) {
    }

    /**
     * A test on the input: the value at a JSON pointer compared with {@code value}. Operators: eq, ne, gt, gte, lt,
     * lte (numbers; numeric strings count as numbers), in (value is an array), contains (text or array), exists
     * (value true/false). No expressions, no code.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record InputPredicate(String pointer, String op, JsonNode value) {
    }
}
