package dev.actgate.shared.actions;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import dev.actgate.shared.json.Bodies;
import dev.actgate.shared.json.SentNulls;
import dev.actgate.shared.json.TypedRequest;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The body of a saved-action write: {@code POST /actions}, {@code POST /integrations/{sel}/actions}, {@code PATCH}
 * and {@code PUT /actions/{selector}} (strict). Content fields, then the scope fields that say where the action
 * lives. {@code config} and the schemas are open JSON by design (checked by {@link ActionContentRules} and the
 * content checks). {@code sentNull} names the fields sent as null — PATCH clears those — and is never read from JSON.
 */
@TypedRequest
public record ActionRequest(
    @Nullable @Pattern(regexp = Bodies.KEY_REGEX, message = Bodies.KEY_MESSAGE) String key,
    @Nullable @Size(min = 1, max = 256, message = Bodies.NAME_MESSAGE)
    @Pattern(regexp = Bodies.NOT_BLANK_REGEX, message = Bodies.NAME_MESSAGE) String name,
    @Nullable @Size(max = ActionContentRules.MAX_DESCRIPTION_CHARS,
        message = "is longer than " + ActionContentRules.MAX_DESCRIPTION_CHARS + " characters") String description,
    @Nullable String type,
    @Nullable JsonNode config,
    @Nullable JsonNode inputSchema,
    @Nullable JsonNode outputSchema,
    @Nullable Boolean idempotent,
    @Nullable String integrationKey,
    @Nullable String integrationId,
    @Nullable String connectionKey,
    @Nullable String connectionId,
    @Nullable String externalAppId,
    @Nullable String connectorKey,
    @Nullable String tenantKey,
    @Nullable JsonNode intent,
    @JsonIgnore @Nullable Set<String> sentNull) implements SentNulls<ActionRequest> {

    /** Only content, as stored content is written back (no scope, nothing sent as null). */
    static ActionRequest content(String key, String name, String description, String type, JsonNode config,
                                 JsonNode inputSchema, JsonNode outputSchema, Boolean idempotent) {
        return new ActionRequest(key, name, description, type, config, inputSchema, outputSchema, idempotent,
            null, null, null, null, null, null, null, null, Set.of());
    }

    @Override
    public ActionRequest withSentNulls(Set<String> fields) {
        return new ActionRequest(key, name, description, type, config, inputSchema, outputSchema, idempotent, integrationKey,
            integrationId, connectionKey, connectionId, externalAppId, connectorKey, tenantKey, intent, fields);
    }

    /** The field was in the body, with a value or as null. */
    boolean sent(String field, Object value) {
        return value != null || sentAsNull(field);
    }

    boolean sentAsNull(String field) {
        return sentNull != null && sentNull.contains(field);
    }

    /** The scope fields this body names (tenantKey apart): a change may repeat them but not move the action. */
    List<String> scopeNamed() {
        List<String> named = new ArrayList<>();
        String[][] fields = {{"integrationKey", integrationKey}, {"integrationId", integrationId}, {"connectionKey", connectionKey},
            {"connectionId", connectionId}, {"externalAppId", externalAppId}, {"connectorKey", connectorKey}};
        for (String[] f : fields) {
            if (f[1] != null) {
                named.add(f[0]);
            }
        }
        return named;
    }
}
