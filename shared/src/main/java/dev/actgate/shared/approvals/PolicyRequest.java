package dev.actgate.shared.approvals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.actgate.shared.json.TypedRequest;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /approval-policies} and {@code PUT /approval-policies/{id}}. {@code match} stays a tree:
 * each of its fields is a string or an array of strings, which {@link PolicyRules#match} reads with its own
 * pointers. {@code id}, {@code createdAt} and {@code updatedAt} are accepted and ignored so that a rule read with GET
 * can be sent back as it is.
 */
@TypedRequest
public record PolicyRequest(
    @NotNull(message = "is required") @Size(min = 1, max = 100, message = "must be 1-100 characters")
    @Pattern(regexp = "(?s).*\\S.*", message = "must be 1-100 characters") String name,
    @NotNull(message = "is required: an object naming what the rule applies to ({} matches every action)") ObjectNode match,
    @NotNull(message = "is required") String decision,
    @Nullable @Min(value = 1, message = "must be a whole number from 1 to " + PolicyRules.MAX_EXPIRES_MINUTES)
    @Max(value = PolicyRules.MAX_EXPIRES_MINUTES, message = "must be a whole number from 1 to " + PolicyRules.MAX_EXPIRES_MINUTES)
    Integer expiresInMinutes,
    @Nullable @Min(value = 0, message = "must be a whole number from 0 (first rule)") Integer position,
    @Nullable JsonNode id, @Nullable JsonNode createdAt, @Nullable JsonNode updatedAt) {
}
