package dev.actgate.act.dialects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.actgate.shared.actions.ActionView;
import dev.actgate.shared.connections.ConnectionState;
import dev.actgate.shared.connections.ConnectionView;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorBody;
import dev.actgate.shared.json.BodyErrors;
import dev.actgate.shared.json.OpenJson;
import dev.actgate.shared.json.TypedRequest;
import dev.actgate.shared.runs.RunLog;
import dev.actgate.shared.storage.Ids;
import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Pipedream Connect shapes ↔ actgate, pure. {@code actions/run} becomes an {@code /act} body: {@code id} names the
 * action, the app prop {@code {"<app>": {"authProvisionId": "…"}}} names the connection, every other configured prop
 * is input. Answers are {@code {exports, os, ret, stash_id}}; a failed run is still a 200 with the error in {@code os}
 * and in {@code error} (with its attribution), because the Pipedream SDK retries every 5xx — POST included — and a
 * failed action must not be sent again by a retry loop.
 */
public final class PipedreamTranslation {
    static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private PipedreamTranslation() {
    }

    /** The parsed run request: who it is for, and the /act body. */
    public record Run(String externalUserId, ObjectNode act) {
    }

    /**
     * The body of {@code POST /v1/connect/{project_id}/actions/run}: strict, as Pipedream's API is. The components are
     * named as the JSON fields are. {@code dynamic_props_id} and
     * {@code stash_id} are accepted and unused.
     */
    @TypedRequest
    public record RunBody(@Nullable String id, @Nullable JsonNode version,
                          @Nullable String external_user_id, @Nullable JsonNode configured_props,
                          @Nullable JsonNode dynamic_props_id, @Nullable JsonNode stash_id) {
    }

    /** @param byId whether a name is run by {@code id} (catalog action, saved-action id) rather than by {@code key} */
    public static Run run(JsonNode raw, Predicate<String> byId) {
        RunBody body = DialectJson.body(raw, RunBody.class);
        List<BodyErrors.Violation> violations = new ArrayList<>();
        if (body.id() == null || body.id().isBlank()) {
            violations.add(new BodyErrors.Violation("/id", "is required"));
        }
        if (body.external_user_id() == null || body.external_user_id().isBlank()) {
            violations.add(new BodyErrors.Violation("/external_user_id", "is required"));
        }
        JsonNode version = body.version();
        if (version != null && !version.isNull() && !version.isTextual()) {
            violations.add(new BodyErrors.Violation("/version", "must be a string such as \"2.0.0\" or \"latest\""));
        }
        ObjectNode props = OpenJson.object(body.configured_props(), "configured_props", "must be an object", violations);
        // A prop holding {authProvisionId} names the account to run on; every other prop is input.
        ObjectNode input = JSON.objectNode();
        List<String> accounts = new ArrayList<>();
        if (props != null) {
            for (var it = props.fields(); it.hasNext(); ) {
                var e = it.next();
                JsonNode v = e.getValue();
                if (!v.isObject() || !v.has("authProvisionId")) {
                    input.set(e.getKey(), v);
                } else if (!v.get("authProvisionId").isTextual() || v.get("authProvisionId").asText().isBlank()) {
                    violations.add(new BodyErrors.Violation("/configured_props/" + e.getKey().replace("~", "~0").replace("/", "~1")
                        + "/authProvisionId", "must be an account id"));
                } else {
                    accounts.add(v.get("authProvisionId").asText());
                }
            }
        }
        OpenJson.refuseIfAny(violations);
        if (accounts.size() > 1) {
            throw ApiException.validation("configured_props names more than one account (authProvisionId); an actgate run "
                + "uses one connection");
        }
        String id = body.id();
        String connection = accounts.isEmpty() ? null : accounts.get(0);
        Integer revision = DialectNames.parsePipedreamVersion(version == null || version.isNull() ? null : version.asText());
        ObjectNode act = JSON.objectNode();
        act.put(byId.test(id) ? "id" : "key", id);
        if (connection != null) {
            act.put(Ids.looksLikeId(connection, "conn") ? "connectionId" : "connectionKey", connection);
        }
        act.set("input", input);
        if (revision != null) {
            act.put("version", revision);
        }
        return new Run(body.external_user_id(), act);
    }

    public static ObjectNode succeeded(JsonNode output, String runId, List<RunLog.ConsoleEntry> console) {
        ObjectNode r = JSON.objectNode();
        r.set("exports", exports(runId));
        ArrayNode os = r.putArray("os");
        console.forEach(c -> os.add(line(c)));
        r.set("ret", output == null ? JSON.nullNode() : output);
        r.putNull("stash_id");
        return r;
    }

    /**
     * A failed run, as a 200: {@code ret} null, the error as the last {@code os} line ({@code k: "error"}) and in
     * {@code error} with actgate's code, attribution (caller / actgate / external_app) and the run id.
     */
    public static ObjectNode failed(ApiException e, List<RunLog.ConsoleEntry> console) {
        ObjectNode r = JSON.objectNode();
        r.set("exports", exports(e.actionRunId()));
        ArrayNode os = r.putArray("os");
        console.forEach(c -> os.add(line(c)));
        ObjectNode line = os.addObject();
        line.put("k", "error");
        line.put("ts", Instant.now().toEpochMilli());
        ObjectNode err = line.putObject("err");
        err.put("name", e.code().name());
        err.put("message", e.getMessage());
        err.put("stack", "");
        r.putNull("ret");
        r.putNull("stash_id");
        r.set("error", error(e));
        return r;
    }

    public static ObjectNode error(ApiException e) {
        ErrorBody b = e.toBody();
        ObjectNode err = JSON.objectNode();
        err.put("name", b.code());
        err.put("code", b.code());
        err.put("type", b.type());
        err.put("message", b.message());
        err.put("attribution", b.attribution());
        return DialectJson.runAndData(err, e, "data");
    }

    private static ObjectNode exports(String runId) {
        ObjectNode exports = JSON.objectNode();
        if (runId != null) {
            exports.put("$summary", "actgate run " + runId);
            exports.put("actionRunId", runId);
        }
        return exports;
    }

    private static ObjectNode line(RunLog.ConsoleEntry c) {
        ObjectNode l = JSON.objectNode();
        l.put("k", "console." + (c.level() == null ? "log" : c.level()));
        l.put("ts", c.at() == null ? Instant.now().toEpochMilli() : c.at().toEpochMilli());
        l.put("msg", c.message());
        return l;
    }

    // ------------------------------------------------------------------ components (actions)

    public static ObjectNode component(ActionView v) {
        String name = DialectActions.name(v);
        String app = DialectActions.app(v);
        ObjectNode c = JSON.objectNode();
        c.put("key", name);
        c.put("name", v.name() != null ? v.name() : name);
        c.put("version", DialectNames.pipedreamVersion(v.revision()));
        if (v.description() != null) {
            c.put("description", v.description());
        }
        c.put("component_type", "action");
        ArrayNode props = c.putArray("configurable_props");
        if (app != null) {
            ObjectNode p = props.addObject();
            p.put("name", app);
            p.put("type", "app");
            p.put("app", app);
        }
        for (SchemaProps sp : SchemaProps.of(v.inputSchema())) {
            ObjectNode p = props.addObject();
            p.put("name", sp.name());
            p.put("type", propType(sp));
            p.put("label", sp.title() != null ? sp.title() : sp.name());
            if (sp.description() != null) {
                p.put("description", sp.description());
            }
            if (!sp.required()) {
                p.put("optional", true);
            }
            if (sp.schema().has("default")) {
                p.set("default", sp.schema().get("default"));
            }
            if (sp.schema().path("enum").isArray()) {
                p.set("options", sp.schema().get("enum"));
            }
        }
        ObjectNode annotations = c.putObject("annotations");
        annotations.put("title", v.name() != null ? v.name() : name);
        annotations.put("idempotentHint", Boolean.TRUE.equals(v.idempotent()));
        return c;
    }

    static String propType(SchemaProps sp) {
        return switch (sp.type()) {
            case "string" -> "string";
            case "integer" -> "integer";
            case "boolean" -> "boolean";
            case "object" -> "object";
            case "array" -> switch (sp.schema().path("items").path("type").asText("")) {
                case "string" -> "string[]";
                case "integer" -> "integer[]";
                default -> "any";
            };
            default -> "any";
        };
    }

    // ------------------------------------------------------------------ accounts (connections)

    /** @param authType the integration's auth type (oauth2-… → oauth, none → none, else keys) */
    public static ObjectNode account(ConnectionView c, String appName, String authType) {
        ObjectNode a = JSON.objectNode();
        a.put("id", c.id());
        a.put("name", c.name() != null ? c.name() : c.key());
        a.put("external_id", c.tenantId());
        a.put("healthy", c.state() == ConnectionState.READY);
        a.put("dead", c.disconnected());
        ObjectNode app = a.putObject("app");
        app.put("name_slug", c.integrationKey());
        app.put("name", appName != null ? appName : c.integrationKey());
        app.put("auth_type", authType == null ? "keys" : authType.startsWith("oauth2") ? "oauth" : "none".equals(authType) ? "none" : "keys");
        app.putArray("categories");
        if (c.createdAt() != null) {
            a.put("created_at", c.createdAt().toString());
        }
        if (c.updatedAt() != null) {
            a.put("updated_at", c.updatedAt().toString());
        }
        if (c.error() != null) {
            a.put("error", c.error());
        }
        return a;
    }

    /** {@code {data, page_info}}: page_info is always there (the SDK's pager reads it), end_cursor null on the last page. */
    public static ObjectNode page(List<? extends JsonNode> items, String nextCursor, int total) {
        ObjectNode r = JSON.objectNode();
        ArrayNode data = r.putArray("data");
        items.forEach(data::add);
        ObjectNode info = r.putObject("page_info");
        info.put("count", items.size());
        info.put("total_count", total);
        info.putNull("start_cursor");
        if (nextCursor == null) {
            info.putNull("end_cursor");
        } else {
            info.put("end_cursor", nextCursor);
        }
        return r;
    }
}
