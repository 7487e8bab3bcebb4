package dev.actgate.shared.agents;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actgate.shared.json.TypedRequest;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /tools/execute}: a tool name and its arguments — an object, or the JSON text of one, as
 * OpenAI hands them over (so {@code arguments} stays a tree and the controller reads both forms).
 */
@TypedRequest
public record ToolExecuteRequest(
    @NotBlank(message = "is required") @Size(max = 256, message = "must be at most 256 characters") String name,
    @Nullable JsonNode arguments,
    @Nullable @Size(min = 1, max = 256, message = "must be 1-256 characters") String idempotencyKey) {
}
