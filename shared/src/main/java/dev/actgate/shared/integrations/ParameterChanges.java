package dev.actgate.shared.integrations;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.actgate.shared.json.TypedRequest;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The body of {@code PATCH /integrations/{selector}/parameters}: the whole object is open by design, parameter name
 * to a value, a list, null (remove) or {@code {"value": ..., "secret": true}}; {@link IntegrationService} reads each.
 * Bound as a typed body for the depth cap and the error shape of every other write.
 */
@TypedRequest(strict = false)
public record ParameterChanges(Map<String, JsonNode> changes) {
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public ParameterChanges {
        changes = changes == null ? Map.of() : new LinkedHashMap<>(changes);
    }
}
