package dev.actgate.act.dialects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.actgate.shared.actions.ActionView;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.Attribution;
import dev.actgate.shared.errors.ErrorCode;
import dev.actgate.shared.json.BodyErrors;
import dev.actgate.shared.json.OpenJson;
import dev.actgate.shared.json.TypedRequest;
import dev.actgate.shared.storage.Ids;
import io.micronaut.core.annotation.Nullable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Weavz shapes ↔ actgate, pure. {@code POST /api/v1/actions/execute} becomes an {@code /act} body; answers are
 * {@code {success, output}}, errors carry Weavz's codes, and an approval hold is Weavz's 202 {@code approval_required}.
 *
 * <p>The tenant is {@code endUserId}; without it, {@code workspaceId} names the tenant (what Weavz calls
 * workspace-level connections are, in actgate, the connections of a tenant named after that workspace).
 */
public final class WeavzTranslation {
    static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private WeavzTranslation() {
    }

    /** Weavz error codes, each with its documented status. */
    public enum Code {
        VALIDATION_ERROR(400), ACTION_FAILED(400), CONNECTION_REQUIRED(400), CONNECTION_NOT_FOUND(400),
        INTEGRATION_NOT_FOUND(400), QUOTA_EXCEEDED(403), UNAUTHORIZED(401), FORBIDDEN(403), INTERNAL_ERROR(500);

        final int status;

        Code(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /**
     * The parsed request. {@code integration} is what it names: {@code workspaceIntegrationId} (an integration id),
     * else {@code integrationAlias} (an integration key), else {@code integrationName}.
     */
    public record Execute(String tenant, String integrationName, String integrationSelector, boolean integrationById,
                          String actionName, String connection, JsonNode input, String idempotencyKey) {
    }

    /**
     * The body of {@code POST /api/v1/actions/execute}. Lenient, as Weavz's API is: fields actgate has no use for
     * are ignored. A blank string counts as not sent.
     */
    @TypedRequest(strict = false)
    public record ExecuteBody(@Nullable String integrationName, @Nullable String actionName, @Nullable String workspaceId,
                              @Nullable String endUserId, @Nullable String workspaceIntegrationId, @Nullable String integrationAlias,
                              @Nullable String connectionExternalId, @Nullable String idempotencyKey, @Nullable JsonNode input,
                              @Nullable JsonNode partialIds) {
        public ExecuteBody {
            integrationName = given(integrationName);
            actionName = given(actionName);
            workspaceId = given(workspaceId);
            endUserId = given(endUserId);
            workspaceIntegrationId = given(workspaceIntegrationId);
            integrationAlias = given(integrationAlias);
            connectionExternalId = given(connectionExternalId);
            idempotencyKey = given(idempotencyKey);
        }

        private static String given(String value) {
            return value == null || value.isBlank() ? null : value;
        }

        /** Weavz names every missing required field in one error, with {@code data.missing}. */
        void requireFields() {
            List<String> missing = new ArrayList<>();
            if (integrationName == null) {
                missing.add("integrationName");
            }
            if (actionName == null) {
                missing.add("actionName");
            }
            if (workspaceId == null) {
                missing.add("workspaceId");
            }
            if (!missing.isEmpty()) {
                throw ApiException.validation("Missing required fields: " + String.join(", ", missing), Map.of("missing", missing));
            }
        }
    }

    public static Execute parse(JsonNode raw) {
        ExecuteBody body = DialectJson.body(raw, ExecuteBody.class);
        body.requireFields();
        List<BodyErrors.Violation> violations = new ArrayList<>();
        ObjectNode input = OpenJson.object(body.input(), "input", "must be an object", violations);
        JsonNode partials = body.partialIds();
        if (partials != null && !partials.isNull() && !partials.isArray()) {
            violations.add(new BodyErrors.Violation("/partialIds", "must be an array of strings"));
        }
        OpenJson.refuseIfAny(violations);
        String selector = body.workspaceIntegrationId() != null ? body.workspaceIntegrationId()
            : body.integrationAlias() != null ? body.integrationAlias() : body.integrationName();
        return new Execute(body.endUserId() != null ? body.endUserId() : body.workspaceId(), body.integrationName(), selector,
            body.workspaceIntegrationId() != null, body.actionName(), body.connectionExternalId(),
            input == null ? JSON.objectNode() : input, body.idempotencyKey());
    }

    /** The /act body for a resolved action and integration key. */
    public static ObjectNode actBody(Execute e, ActionView action, String integrationKey) {
        ObjectNode act = JSON.objectNode();
        if ("catalog".equals(action.layer()) || action.key() == null) {
            act.put("id", action.id());
        } else {
            act.put("key", action.key());
        }
        if (e.connection() != null) {
            act.put(Ids.looksLikeId(e.connection(), "conn") ? "connectionId" : "connectionKey", e.connection());
        } else if (integrationKey != null) {
            act.put("integrationKey", integrationKey);
        }
        act.set("input", e.input());
        return act;
    }

    public static ObjectNode succeeded(JsonNode output, String runId) {
        ObjectNode r = JSON.objectNode();
        r.put("success", true);
        r.set("output", output == null ? JSON.nullNode() : output);
        r.put("actionRunId", runId);
        return r;
    }

    /** Weavz's 202 when a gate holds the action: {@code {success: false, status: "approval_required", approval}}. */
    public static ObjectNode approvalRequired(Object approval) {
        ObjectNode r = JSON.objectNode();
        r.put("success", false);
        r.put("status", "approval_required");
        JsonNode a = DialectJson.tree(approval);
        ObjectNode view = a instanceof ObjectNode o ? o.deepCopy() : JSON.objectNode();
        if (view.hasNonNull("approvalUrl") && !view.has("hostedApprovalUrl")) {
            view.set("hostedApprovalUrl", view.get("approvalUrl"));
        }
        r.set("approval", view);
        return r;
    }

    /**
     * actgate's error → Weavz's code. {@code connectionNamed}: the request named a connection (then a missing one is
     * CONNECTION_NOT_FOUND; otherwise there was none to pick: CONNECTION_REQUIRED). actgate has no monthly action
     * quota; QUOTA_EXCEEDED is what a rate limit (the external app's, after actgate's retries, or actgate's own)
     * becomes, since both mean "no more actions for now".
     */
    public static Code code(ApiException e, boolean connectionNamed) {
        ErrorCode c = e.code();
        return switch (c) {
            case VALIDATION_ERROR, MALFORMED_JSON, ACTION_NOT_FOUND, ACTION_AMBIGUOUS, UNSAFE_REQUEST_PATH, IDEMPOTENCY_KEY_REUSED,
                 PAYLOAD_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE, NOT_FOUND, IDEMPOTENCY_IN_PROGRESS -> Code.VALIDATION_ERROR;
            case CONNECTION_REQUIRED, CONNECTION_AMBIGUOUS -> Code.CONNECTION_REQUIRED;
            case CONNECTION_NOT_FOUND -> connectionNamed ? Code.CONNECTION_NOT_FOUND : Code.CONNECTION_REQUIRED;
            case INTEGRATION_NOT_FOUND, CONNECTOR_NOT_FOUND -> Code.INTEGRATION_NOT_FOUND;
            case RATE_LIMITED, UPSTREAM_RATE_LIMITED -> Code.QUOTA_EXCEEDED;
            case UNAUTHORIZED -> Code.UNAUTHORIZED;
            case FORBIDDEN -> Code.FORBIDDEN;
            case INTERNAL_ERROR, STORAGE_UNAVAILABLE -> Code.INTERNAL_ERROR;
            default -> Code.ACTION_FAILED;
        };
    }

    public static ObjectNode error(ApiException e, Code code) {
        ObjectNode r = JSON.objectNode();
        r.put("success", false);
        ObjectNode err = r.putObject("error");
        err.put("code", code.name());
        err.put("message", e.getMessage());
        err.put("actgateCode", e.code().name());
        err.put("attribution", e.code().attribution() == null ? Attribution.CALLER.wire() : e.code().attribution().wire());
        DialectJson.runAndData(err, e, "details");
        // actgate's error fields too (type, code, message, attribution), so the answer is also actgate's one error shape.
        r.put("type", e.code().type().wire());
        r.put("code", code.name());
        r.put("message", e.getMessage());
        r.put("attribution", e.code().attribution().wire());
        return r;
    }

    // ------------------------------------------------------------------ integrations listing

    /** One integration with its actions by Weavz action name and their input properties. */
    public static ObjectNode integration(String name, String displayName, List<ActionView> actions) {
        ObjectNode i = JSON.objectNode();
        i.put("name", name);
        i.put("displayName", displayName != null ? displayName : name);
        ObjectNode byName = i.putObject("actions");
        for (ActionView v : actions) {
            String actionName = DialectNames.weavzActionName(name, DialectActions.name(v));
            ObjectNode a = byName.putObject(actionName);
            a.put("name", actionName);
            a.put("displayName", v.name() != null ? v.name() : actionName);
            a.put("description", v.description() != null ? v.description() : "");
            ObjectNode props = a.putObject("props");
            for (SchemaProps sp : SchemaProps.of(v.inputSchema())) {
                ObjectNode p = props.putObject(sp.name());
                p.put("type", sp.type().isEmpty() ? "any" : sp.type());
                p.put("displayName", sp.title() != null ? sp.title() : sp.name());
                if (sp.description() != null) {
                    p.put("description", sp.description());
                }
                p.put("required", sp.required());
                if (sp.schema().path("enum").isArray()) {
                    p.set("options", sp.schema().get("enum"));
                }
            }
        }
        return i;
    }
}
