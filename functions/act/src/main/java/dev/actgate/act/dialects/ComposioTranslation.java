package dev.actgate.act.dialects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.actgate.shared.actions.ActionView;
import dev.actgate.shared.connections.ConnectionState;
import dev.actgate.shared.connections.ConnectionView;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorCode;
import dev.actgate.shared.json.TypedRequest;
import io.micronaut.core.annotation.Nullable;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Composio shapes ↔ actgate, pure, for both SDK generations: the legacy v1/v2 API ({@code composio-core}) and
 * v3.1 ({@code @composio/core}). An entity / user id is the tenant; a connected account is a connection; a tool slug
 * is the action's name in UPPER_SNAKE ({@link DialectNames}); the toolkit is the action's app.
 *
 * <p>Connected-account ids carry their tenant: {@code ca_<base64url(tenant)>.<connection id>}. The legacy execute
 * call sends only the account id (the SDK strips {@code entityId}), and looking one account up by id names no user
 * either, so the id itself must say whose it is. A request that also names a user must name the same one.
 */
public final class ComposioTranslation {
    static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    static final String ACCOUNT_PREFIX = "ca_";
    /** The error code @composio/core turns into ComposioConnectedAccountNotFoundError. */
    public static final int CONNECTED_ACCOUNT_NOT_FOUND = 1803;

    private ComposioTranslation() {
    }

    // ------------------------------------------------------------------ execute bodies

    /**
     * What an execute call asks, in either generation: the connected account or the user it runs for (and the field
     * that named the user, for errors), the app the legacy call may name, the input and the tool's version.
     */
    public record Call(String accountId, String user, String userField, String appName, JsonNode input, String version) {
    }

    /**
     * {@code POST /api/v2/actions/{action}/execute} (composio-core). Lenient: the SDK sends fields actgate has no use
     * for ({@code text}, {@code sessionInfo}, …), which are ignored as Composio ignores unknown ones.
     */
    @TypedRequest(strict = false)
    public record LegacyExecute(@Nullable String connectedAccountId, @Nullable String entityId, @Nullable String appName,
                                @Nullable String version, @Nullable JsonNode input, @Nullable JsonNode authConfig) {
        public LegacyExecute {
            if (authConfig != null && !authConfig.isNull()) {
                throw ApiException.validation("authConfig (credentials sent with the call) is not supported: actgate runs through "
                    + "stored connections; connect the account and pass connectedAccountId");
            }
        }

        public Call call() {
            return new Call(connectedAccountId, entityId, "entityId", appName, input, version);
        }
    }

    /**
     * {@code POST /api/v3.1/tools/execute/{slug}} (@composio/core). Lenient, as {@link LegacyExecute}. The components
     * are named as the JSON fields are, so that every pointer names what the caller sent.
     */
    @TypedRequest(strict = false)
    public record Execute(@Nullable String connected_account_id, @Nullable String user_id, @Nullable String entity_id,
                          @Nullable String version, @Nullable JsonNode arguments, @Nullable JsonNode custom_auth_params,
                          @Nullable JsonNode custom_connection_data) {
        public Execute {
            if ((custom_auth_params != null && !custom_auth_params.isNull())
                || (custom_connection_data != null && !custom_connection_data.isNull())) {
                throw ApiException.validation("custom_auth_params / custom_connection_data (credentials sent with the call) are not "
                    + "supported: actgate runs through stored connections; pass connected_account_id or user_id");
            }
        }

        /** The user is {@code user_id}, or the older {@code entity_id}. */
        public Call call() {
            return new Call(connected_account_id, user_id != null ? user_id : entity_id, "user_id", null, arguments, version);
        }
    }

    // ------------------------------------------------------------------ connected-account ids

    public record AccountRef(String tenant, String connectionId) {
    }

    public static String accountId(String tenant, String connectionId) {
        return ACCOUNT_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(tenant.getBytes(StandardCharsets.UTF_8))
            + "." + connectionId;
    }

    public static Optional<AccountRef> parseAccountId(String id) {
        if (id == null || !id.startsWith(ACCOUNT_PREFIX) || id.length() > 600) {
            return Optional.empty();
        }
        int dot = id.indexOf('.', ACCOUNT_PREFIX.length());
        if (dot < 0 || dot == id.length() - 1) {
            return Optional.empty();
        }
        try {
            String tenant = new String(Base64.getUrlDecoder().decode(id.substring(ACCOUNT_PREFIX.length(), dot)), StandardCharsets.UTF_8);
            if (tenant.isBlank()) {
                return Optional.empty();
            }
            return Optional.of(new AccountRef(tenant, id.substring(dot + 1)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    // ------------------------------------------------------------------ actions / tools

    /** Legacy ActionDetails ({@code GET /api/v2/actions/{name}}): the SDK reads {@code appKey} and {@code parameters}. */
    public static ObjectNode actionDetails(ActionView v) {
        String name = DialectActions.name(v);
        String app = app(v);
        ObjectNode a = JSON.objectNode();
        a.put("name", DialectNames.composioSlug(name));
        a.put("displayName", v.name() != null ? v.name() : name);
        a.put("display_name", v.name() != null ? v.name() : name);
        a.put("description", v.description() != null ? v.description() : "");
        a.put("appKey", app);
        a.put("appName", app);
        a.put("appId", app);
        a.set("parameters", parameters(v.inputSchema()));
        ObjectNode response = a.putObject("response");
        response.put("type", "object");
        response.putObject("properties");
        a.put("version", DialectNames.composioVersion(v.revision()));
        a.set("available_versions", versions(v.revision()));
        a.put("no_auth", false);
        a.put("enabled", true);
        a.put("deprecated", false);
        a.put("logo", "");
        a.putArray("tags");
        return a;
    }

    /** v3.1 Tool ({@code GET /api/v3.1/tools/{slug}}), valid against the SDK's strict ToolSchema. */
    public static ObjectNode tool(ActionView v) {
        String name = DialectActions.name(v);
        String app = app(v);
        ObjectNode t = JSON.objectNode();
        t.put("slug", DialectNames.composioSlug(name));
        t.put("name", v.name() != null ? v.name() : name);
        t.put("description", v.description() != null ? v.description() : "");
        ObjectNode toolkit = t.putObject("toolkit");
        toolkit.put("slug", app);
        toolkit.put("name", app);
        toolkit.put("logo", "");
        t.set("input_parameters", parameters(v.inputSchema()));
        ObjectNode output = t.putObject("output_parameters");
        output.put("type", "object");
        output.putObject("properties");
        t.put("version", DialectNames.composioVersion(v.revision()));
        t.set("available_versions", versions(v.revision()));
        t.putArray("tags");
        t.putArray("scopes");
        t.put("no_auth", false);
        return t;
    }

    static String app(ActionView v) {
        String app = DialectActions.app(v);
        return app != null ? app : "actgate";
    }

    static ObjectNode parameters(JsonNode inputSchema) {
        ObjectNode p = JSON.objectNode();
        p.put("type", "object");
        ObjectNode props = p.putObject("properties");
        ArrayNode required = JSON.arrayNode();
        for (SchemaProps sp : SchemaProps.of(inputSchema)) {
            props.set(sp.name(), sp.schema().deepCopy());
            if (sp.required()) {
                required.add(sp.name());
            }
        }
        if (!required.isEmpty()) {
            p.set("required", required);
        }
        return p;
    }

    static ArrayNode versions(Integer revision) {
        ArrayNode a = JSON.arrayNode();
        for (int i = 1; i <= (revision == null ? 1 : revision); i++) {
            a.add(Integer.toString(i));
        }
        return a;
    }

    // ------------------------------------------------------------------ execute answers

    /** {@code data} is always an object: the SDK walks it with Object.entries (null crashes it). */
    static ObjectNode data(JsonNode output) {
        if (output instanceof ObjectNode o) {
            return o;
        }
        ObjectNode d = JSON.objectNode();
        d.set("result", output == null ? JSON.nullNode() : output);
        return d;
    }

    /** Legacy {@code POST /api/v2/actions/{name}/execute}: {@code {data, successful, successfull, error, logId}}. */
    public static ObjectNode legacyExecuted(JsonNode output, String runId) {
        return legacyAnswer(data(output), true, null, runId);
    }

    public static ObjectNode legacyFailedRun(ApiException e) {
        return legacyAnswer(failure(e), false, e.getMessage(), e.actionRunId());
    }

    /** v3.1 {@code POST /api/v3.1/tools/execute/{slug}}: {@code {data, error, successful, log_id}} — error always present. */
    public static ObjectNode executed(JsonNode output, String runId) {
        return answer(data(output), true, null, runId);
    }

    public static ObjectNode failedRun(ApiException e) {
        return answer(failure(e), false, e.getMessage(), e.actionRunId());
    }

    /** The two generations carry the same things under their own names and in their own order. */
    private static ObjectNode legacyAnswer(ObjectNode data, boolean successful, String error, String runId) {
        ObjectNode r = JSON.objectNode();
        r.set("data", data);
        r.put("successful", successful);
        r.put("successfull", successful);   // sic: composio-core reads the misspelled field as well
        r.put("error", error);
        if (runId != null) {
            r.put("logId", runId);
        }
        return r;
    }

    private static ObjectNode answer(ObjectNode data, boolean successful, String error, String runId) {
        ObjectNode r = JSON.objectNode();
        r.set("data", data);
        r.put("error", error);
        r.put("successful", successful);
        if (runId != null) {
            r.put("log_id", runId);
        }
        return r;
    }

    private static ObjectNode failure(ApiException e) {
        ObjectNode data = JSON.objectNode();
        data.set("error", errorDetails(e));
        return data;
    }

    static ObjectNode errorDetails(ApiException e) {
        ObjectNode d = JSON.objectNode();
        d.put("code", e.code().name());
        d.put("attribution", e.code().attribution().wire());
        return DialectJson.runAndData(d, e, "data");
    }

    /** Legacy error body: composio-core reads {@code name}, {@code type}, {@code message} and (400) {@code details}. */
    public static ObjectNode legacyError(ApiException e) {
        int status = e.code().status();
        ObjectNode r = JSON.objectNode();
        r.put("message", e.getMessage());
        String[] nt = switch (status) {
            case 400, 422 -> new String[] {"ValidationError", "BadRequest"};
            case 401 -> new String[] {"UnauthorizedError", "Unauthorized"};
            case 403 -> new String[] {"ForbiddenError", "Forbidden"};
            case 404 -> new String[] {"NotFoundError", "NotFound"};
            case 409 -> new String[] {"ConflictError", "Conflict"};
            case 429 -> new String[] {"RateLimitError", "TooManyRequests"};
            default -> new String[] {"ServerError", "InternalServerError"};
        };
        r.put("name", nt[0]);
        r.put("type", nt[1]);
        ArrayNode details = r.putArray("details");
        if (e.data() != null) {
            details.add(DialectJson.tree(e.data()));
        }
        r.put("code", e.code().name());
        r.put("attribution", e.code().attribution().wire());
        if (e.actionRunId() != null) {
            r.put("actionRunId", e.actionRunId());
        }
        return r;
    }

    /** v3.1 error body {@code {error: {code, message, slug, status}}}; code 1803 = unknown connected account. */
    public static ObjectNode error(ApiException e, Integer code) {
        ObjectNode r = JSON.objectNode();
        ObjectNode err = r.putObject("error");
        err.put("code", code != null ? code : e.code().status() * 10);
        err.put("message", e.getMessage());
        err.put("slug", e.code().name());
        err.put("status", e.code().status());
        err.put("attribution", e.code().attribution().wire());
        if (e.actionRunId() != null) {
            err.put("actionRunId", e.actionRunId());
        }
        // actgate's error fields too, so the answer is also the one error shape every actgate route uses.
        r.put("type", e.code().type().wire());
        r.put("code", e.code().name());
        r.put("message", e.getMessage());
        r.put("attribution", e.code().attribution().wire());
        return r;
    }

    public static ApiException accountNotFound(String id) {
        return new ApiException(ErrorCode.CONNECTION_NOT_FOUND, "Connected account '" + id + "' not found");
    }

    // ------------------------------------------------------------------ connected accounts

    static String status(ConnectionView c) {
        if (c.archivedAt() != null) {
            return "INACTIVE";
        }
        return switch (c.state()) {
            case READY -> "ACTIVE";
            case DISCONNECTED -> "EXPIRED";
            case CLIENT_ACTION_REQUIRED -> "INITIATED";
            case BUILDING -> "INITIALIZING";
            default -> "FAILED";
        };
    }

    /** Legacy connected account: the SDK's pick reads {@code id, appName, status, createdAt, labels}. */
    public static ObjectNode legacyAccount(ConnectionView c) {
        ObjectNode a = JSON.objectNode();
        a.put("id", accountId(c.tenantId(), c.id()));
        a.put("appName", c.integrationKey());
        a.put("appUniqueId", c.integrationKey());
        a.put("integrationId", c.integrationId());
        a.put("status", status(c));
        a.put("clientUniqueUserId", c.tenantId());
        a.put("entityId", c.tenantId());
        ArrayNode labels = a.putArray("labels");
        if (Boolean.TRUE.equals(c.isDefault()) || Boolean.TRUE.equals(c.isTenantDefault())) {
            labels.add("PRIMARY");
        }
        a.putObject("connectionParams");
        a.put("enabled", c.archivedAt() == null);
        if (c.createdAt() != null) {
            a.put("createdAt", c.createdAt().toString());
        }
        if (c.updatedAt() != null) {
            a.put("updatedAt", c.updatedAt().toString());
        }
        return a;
    }

    public static ObjectNode account(ConnectionView c, String authType) {
        ObjectNode a = JSON.objectNode();
        a.put("id", accountId(c.tenantId(), c.id()));
        a.put("status", status(c));
        if (c.error() != null) {
            a.put("status_reason", c.error());
        } else {
            a.putNull("status_reason");
        }
        a.put("user_id", c.tenantId());
        a.putObject("toolkit").put("slug", c.integrationKey());
        ObjectNode config = a.putObject("auth_config");
        config.put("id", c.integrationId());
        config.put("auth_scheme", authScheme(authType));
        config.put("is_composio_managed", false);
        config.put("is_disabled", false);
        a.put("is_disabled", c.archivedAt() != null);
        a.put("alias", c.key());
        if (c.createdAt() != null) {
            a.put("created_at", c.createdAt().toString());
        }
        if (c.updatedAt() != null) {
            a.put("updated_at", c.updatedAt().toString());
        }
        return a;
    }

    static String authScheme(String authType) {
        if (authType == null) {
            return "API_KEY";
        }
        return switch (authType) {
            case "oauth2-authorization-code" -> "OAUTH2";
            case "oauth2-client-credentials" -> "OAUTH2";
            case "bearer" -> "BEARER_TOKEN";
            case "basic" -> "BASIC";
            default -> "API_KEY";
        };
    }

    public static ObjectNode items(List<? extends JsonNode> items, String itemsKeyCursor, boolean legacy) {
        ObjectNode r = JSON.objectNode();
        ArrayNode a = r.putArray("items");
        items.forEach(a::add);
        if (legacy) {
            r.put("page", 1);
            r.put("totalPages", 1);
        } else {
            if (itemsKeyCursor == null) {
                r.putNull("next_cursor");
            } else {
                r.put("next_cursor", itemsKeyCursor);
            }
            r.put("total_pages", 1);
            r.put("current_page", 1);
            r.put("total_items", items.size());
        }
        return r;
    }
}
