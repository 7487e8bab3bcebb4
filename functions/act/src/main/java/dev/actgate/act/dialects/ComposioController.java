package dev.actgate.act.dialects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.actgate.shared.actions.ActionView;
import dev.actgate.shared.approvals.ApprovalRequiredException;
import dev.actgate.shared.auth.Caller;
import dev.actgate.shared.auth.ServerCaller;
import dev.actgate.shared.connections.Connection;
import dev.actgate.shared.connections.ConnectionView;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorCode;
import dev.actgate.shared.idempotency.IdempotencyService;
import dev.actgate.shared.integrations.Integration;
import dev.actgate.shared.storage.PageRequest;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Composio's API for both SDK generations — legacy {@code composio-core} ({@code /api/v1}, {@code /api/v2}) and
 * {@code @composio/core} ({@code /api/v3.1}) — translated at the edge: an entity / user is a tenant, a connected
 * account a connection, a tool an action. Runs go through the one engine with door {@code composio}.
 * See docs/migrating-from-composio.md.
 */
@Controller("/api")
@Secured(SecurityRule.IS_AUTHENTICATED)
public class ComposioController {
    static final String DOOR = "composio";

    private final DialectRunner runner;
    private final DialectActions actions;
    private final DialectConnections connections;

    public ComposioController(DialectRunner runner, DialectActions actions, DialectConnections connections) {
        this.runner = runner;
        this.actions = actions;
        this.connections = connections;
    }

    // ================================================================== legacy (composio-core 0.5.x)

    @Get("/v2/actions/{action}")
    public MutableHttpResponse<?> legacyAction(Authentication auth, @PathVariable String action, @Nullable @QueryValue String version) {
        return legacy(() -> ComposioTranslation.actionDetails(tool(workspaceCaller(auth), action,
            DialectNames.parseComposioVersion(version))));
    }

    @Get("/v2/actions")
    public MutableHttpResponse<?> legacyActions(Authentication auth, @Nullable @QueryValue("actions") String names,
                                                @Nullable @QueryValue String apps, @Nullable @QueryValue String useCase) {
        return legacy(() -> {
            Caller caller = workspaceCaller(auth);
            List<JsonNode> items = new ArrayList<>();
            for (ActionView v : select(caller, csv(names), csv(apps), useCase)) {
                items.add(ComposioTranslation.actionDetails(v));
            }
            return ComposioTranslation.items(items, null, true);
        });
    }

    @Get("/v1/apps/{app}")
    public MutableHttpResponse<?> legacyApp(Authentication auth, @PathVariable String app) {
        return legacy(() -> {
            Caller caller = workspaceCaller(auth);
            Optional<Integration> integration = actions.integration(caller, app);
            if (integration.isEmpty() && !actions.connectorExists(app)) {
                throw new ApiException(ErrorCode.INTEGRATION_NOT_FOUND, "App '" + app + "' not found");
            }
            ObjectNode a = ComposioTranslation.JSON.objectNode();
            a.put("appId", app);
            a.put("key", app);
            a.put("name", integration.map(Integration::name).orElse(app));
            a.put("description", "");
            a.put("no_auth", false);
            a.put("logo", "");
            a.putArray("categories");
            a.put("enabled", true);
            return a;
        });
    }

    @Get("/v1/connectedAccounts")
    public MutableHttpResponse<?> legacyAccounts(Authentication auth, @Nullable @QueryValue("user_uuid") String userUuid,
                                                 @Nullable @QueryValue String entityId, @Nullable @QueryValue String appNames,
                                                 @Nullable @QueryValue String showActiveOnly, @Nullable @QueryValue String status) {
        return legacy(() -> {
            Caller caller = ServerCaller.actingFor(auth, userUuid != null ? userUuid : entityId, "user_uuid");
            Set<String> apps = lower(csv(appNames));
            boolean activeOnly = "true".equalsIgnoreCase(showActiveOnly);
            List<JsonNode> items = new ArrayList<>();
            for (ConnectionView c : tenantConnections(caller)) {
                ObjectNode a = ComposioTranslation.legacyAccount(c);
                if (!apps.isEmpty() && !apps.contains(c.integrationKey().toLowerCase(Locale.ROOT))) {
                    continue;
                }
                if ((activeOnly && !"ACTIVE".equals(a.path("status").asText()))
                    || (status != null && !status.equalsIgnoreCase(a.path("status").asText()))) {
                    continue;
                }
                items.add(a);
            }
            return ComposioTranslation.items(items, null, true);
        });
    }

    @Get("/v1/connectedAccounts/{id}")
    public MutableHttpResponse<?> legacyAccount(Authentication auth, @PathVariable String id) {
        return legacy(() -> ComposioTranslation.legacyAccount(connections.service().view(account(auth, id, null).connection())));
    }

    @Post("/v2/actions/{action}/execute")
    public MutableHttpResponse<?> legacyExecute(Authentication auth, @PathVariable String action, @Nullable @Body JsonNode raw,
                                                @Nullable @Header(IdempotencyService.HEADER) String idempotencyKey) {
        try {
            return run(auth, action, DialectJson.optionalBody(raw, ComposioTranslation.LegacyExecute.class).call(),
                "POST /api/v2/actions/{action}/execute", idempotencyKey, legacyShapes());
        } catch (ApiException e) {
            return HttpResponse.status(io.micronaut.http.HttpStatus.valueOf(e.code().status())).body(ComposioTranslation.legacyError(e));
        }
    }

    // ================================================================== v3.1 (@composio/core)

    @Get("/v3.1/tools/{slug}")
    public MutableHttpResponse<?> tool(Authentication auth, @PathVariable String slug, @Nullable @QueryValue String version) {
        return v3(() -> ComposioTranslation.tool(tool(workspaceCaller(auth), slug, DialectNames.parseComposioVersion(version))));
    }

    @Get("/v3.1/tools")
    public MutableHttpResponse<?> tools(Authentication auth, @Nullable @QueryValue("toolkit_slug") String toolkits,
                                        @Nullable @QueryValue("tool_slugs") String slugs, @Nullable @QueryValue String query,
                                        @Nullable @QueryValue String search, @Nullable @QueryValue String limit) {
        return v3(() -> {
            Caller caller = workspaceCaller(auth);
            List<JsonNode> items = new ArrayList<>();
            int max = slugs != null ? 9999 : PageRequest.of(limit, null).limit();
            for (ActionView v : select(caller, csv(slugs), csv(toolkits), query != null ? query : search)) {
                if (items.size() >= max) {
                    break;
                }
                items.add(ComposioTranslation.tool(v));
            }
            return ComposioTranslation.items(items, null, false);
        });
    }

    @Post("/v3.1/tools/execute/{slug}")
    public MutableHttpResponse<?> execute(Authentication auth, @PathVariable String slug, @Nullable @Body JsonNode raw,
                                          @Nullable @Header(IdempotencyService.HEADER) String idempotencyKey) {
        try {
            return run(auth, slug, DialectJson.optionalBody(raw, ComposioTranslation.Execute.class).call(),
                "POST /api/v3.1/tools/execute/{slug}", idempotencyKey, shapes());
        } catch (ApiException e) {
            DialectRunner.Answer a = v3Error(e);
            return DialectRunner.respond(a);
        }
    }

    @Get("/v3.1/connected_accounts")
    public MutableHttpResponse<?> accounts(Authentication auth, @Nullable @QueryValue("user_ids") String userIds,
                                           @Nullable @QueryValue("toolkit_slugs") String toolkits,
                                           @Nullable @QueryValue String statuses) {
        return v3(() -> {
            List<String> users = csv(userIds);
            if (users.isEmpty()) {
                users = new ArrayList<>();
                users.add(null);
            }
            Set<String> apps = lower(csv(toolkits));
            Set<String> wanted = new LinkedHashSet<>(csv(statuses));
            List<JsonNode> items = new ArrayList<>();
            for (String user : users) {
                Caller caller = ServerCaller.actingFor(auth, user, "user_ids");
                for (ConnectionView c : tenantConnections(caller)) {
                    if (!apps.isEmpty() && !apps.contains(c.integrationKey().toLowerCase(Locale.ROOT))) {
                        continue;
                    }
                    Integration i = connections.integration(caller, c.integrationId()).orElse(null);
                    ObjectNode a = ComposioTranslation.account(c, i == null || i.auth() == null ? null : i.auth().type());
                    if (!wanted.isEmpty() && !wanted.contains(a.path("status").asText())) {
                        continue;
                    }
                    items.add(a);
                }
            }
            return ComposioTranslation.items(items, null, false);
        });
    }

    @Get("/v3.1/connected_accounts/{id}")
    public MutableHttpResponse<?> account(Authentication auth, @PathVariable String id) {
        return v3(() -> {
            Target t = account(auth, id, null);
            Integration i = connections.integration(t.caller, t.connection.integrationId()).orElse(null);
            return ComposioTranslation.account(connections.service().view(t.connection), i == null || i.auth() == null ? null
                : i.auth().type());
        });
    }

    /** Legacy execute: {data, successful, successfull, error, logId}; a failed run is a 200 with successful false. */
    static DialectRunner.Shapes legacyShapes() {
        return shapes(ComposioTranslation::legacyExecuted, ComposioTranslation::legacyFailedRun,
            e -> new DialectRunner.Answer(e.code().status(), ComposioTranslation.legacyError(e)));
    }

    /** v3.1 execute: {data, error, successful, log_id}; a failed run is a 200 with successful false. */
    static DialectRunner.Shapes shapes() {
        return shapes(ComposioTranslation::executed, ComposioTranslation::failedRun, ComposioController::v3Error);
    }

    /**
     * The two generations answer alike and differ only in their bodies: success is a 200, a failed run a 200 with
     * {@code successful: false}, an approval hold a 202 carrying the approval, anything else the generation's error.
     */
    private static DialectRunner.Shapes shapes(java.util.function.BiFunction<com.fasterxml.jackson.databind.JsonNode, String, ObjectNode> executed,
                                               java.util.function.Function<ApiException, ObjectNode> failedRun,
                                               java.util.function.Function<ApiException, DialectRunner.Answer> error) {
        return DialectRunner.Shapes.of(r -> new DialectRunner.Answer(200, executed.apply(r.output(), r.actionRunId())), e -> {
            if (e instanceof ApprovalRequiredException held) {
                return DialectRunner.held(failedRun.apply(e), held);
            }
            return DialectRunner.answeredAsFailedRun(e) ? new DialectRunner.Answer(200, failedRun.apply(e)) : error.apply(e);
        });
    }

    // ================================================================== helpers

    /** An execute call of either generation: its tool and target resolved, run as an /act body through the one engine. */
    private MutableHttpResponse<?> run(Authentication auth, String slug, ComposioTranslation.Call call, String route,
                                       String idempotencyKey, DialectRunner.Shapes shapes) {
        Integer revision = DialectNames.parseComposioVersion(call.version());
        Target target = target(auth, slug, call.accountId(), call.user(), call.userField(), revision);
        ObjectNode act = actBody(target, call.appName(), call.input(), revision);
        return runner.run(target.caller, route, idempotencyKey, act, DOOR, shapes);
    }

    /** Who runs what: the tenant's caller, the connection when an account was named, the action. */
    private record Target(Caller caller, Connection connection, ActionView action) {
    }

    /**
     * A connected account by id. The id carries its tenant; a request that also names a user must name the same one,
     * and a tenant token may only use its own accounts: anything else is "not found" (ids of others never resolve).
     */
    private Target account(Authentication auth, String id, String namedUser) {
        ComposioTranslation.AccountRef ref = ComposioTranslation.parseAccountId(id)
            .orElseThrow(() -> ComposioTranslation.accountNotFound(id));
        if (namedUser != null && !namedUser.equals(ref.tenant())) {
            throw ComposioTranslation.accountNotFound(id);
        }
        Caller caller;
        try {
            caller = ServerCaller.actingFor(auth, ref.tenant(), "connectedAccountId");
        } catch (ApiException e) {
            if (e.code() == ErrorCode.FORBIDDEN) {
                throw ComposioTranslation.accountNotFound(id);
            }
            throw e;
        }
        Connection c;
        try {
            c = connections.service().get(caller, ref.connectionId());
        } catch (ApiException e) {
            throw ComposioTranslation.accountNotFound(id);
        }
        if (c.archived()) {
            throw ComposioTranslation.accountNotFound(id);
        }
        return new Target(caller, c, null);
    }

    private Target target(Authentication auth, String slug, String accountId, String user, String userField, Integer revision) {
        Target t;
        if (accountId != null) {
            t = account(auth, accountId, user);
        } else {
            t = new Target(ServerCaller.actingFor(auth, user, userField), null, null);
        }
        return new Target(t.caller, t.connection, tool(t.caller, slug, revision));
    }

    private ObjectNode actBody(Target t, String appName, JsonNode input, Integer revision) {
        ObjectNode act = ComposioTranslation.JSON.objectNode();
        ActionView v = t.action;
        if ("catalog".equals(v.layer()) || v.key() == null) {
            act.put("id", v.id());
        } else {
            act.put("key", v.key());
        }
        if (t.connection != null) {
            act.put("connectionId", t.connection.id());
        } else if (appName != null && !appName.isBlank() && !"catalog".equals(v.layer())) {
            act.put("integrationKey", appName);
        } else if (!"catalog".equals(v.layer()) && v.integrationKey() != null) {
            act.put("integrationKey", v.integrationKey());
        }
        if (input != null && !input.isNull()) {
            act.set("input", input);
        } else {
            act.putObject("input");
        }
        if (revision != null && !"catalog".equals(v.layer())) {
            act.put("version", revision);
        }
        return act;
    }

    /** A tool by slug (UPPER_SNAKE of the action's name; the name itself is accepted too). */
    private ActionView tool(Caller caller, String slug, Integer revision) {
        if (slug == null || slug.isBlank() || slug.length() > 256) {
            throw ApiException.notFound(ErrorCode.ACTION_NOT_FOUND, "Tool", String.valueOf(slug));
        }
        for (String name : DialectNames.composioCandidates(slug)) {
            Optional<ActionView> v = actions.find(caller, name, revision);
            if (v.isPresent()) {
                return v.get();
            }
        }
        String wanted = DialectNames.composioSlug(slug);
        for (ActionView v : actions.list(caller, null, null)) {
            if (DialectNames.composioSlug(DialectActions.name(v)).equals(wanted)) {
                return revision == null ? v : actions.find(caller, DialectActions.name(v), revision).orElse(v);
            }
        }
        throw ApiException.notFound(ErrorCode.ACTION_NOT_FOUND, "Tool", slug);
    }

    private List<ActionView> select(Caller caller, List<String> slugs, List<String> apps, String search) {
        List<ActionView> out = new ArrayList<>();
        if (!slugs.isEmpty()) {
            for (String s : slugs) {
                try {
                    out.add(tool(caller, s, null));
                } catch (ApiException e) {
                    if (e.code() != ErrorCode.ACTION_NOT_FOUND) {
                        throw e;
                    }
                }
            }
            return out;
        }
        if (!apps.isEmpty()) {
            apps.forEach(app -> out.addAll(actions.list(caller, app, search)));
            return out;
        }
        return actions.list(caller, null, search);
    }

    private List<ConnectionView> tenantConnections(Caller caller) {
        return connections.service().list(caller, null, null, false, PageRequest.of("1000", null)).items();
    }

    /** Reads need no tenant; a JWT's tenant (if any) is kept so its connection-level actions show. */
    private static Caller workspaceCaller(Authentication auth) {
        return Caller.of(auth);
    }

    private static MutableHttpResponse<?> legacy(Supplier<JsonNode> body) {
        try {
            return HttpResponse.ok(body.get());
        } catch (ApiException e) {
            return HttpResponse.status(io.micronaut.http.HttpStatus.valueOf(e.code().status())).body(ComposioTranslation.legacyError(e));
        }
    }

    private static MutableHttpResponse<?> v3(Supplier<JsonNode> body) {
        try {
            return HttpResponse.ok(body.get());
        } catch (ApiException e) {
            return DialectRunner.respond(v3Error(e));
        }
    }

    private static DialectRunner.Answer v3Error(ApiException e) {
        boolean unknownAccount = e.code() == ErrorCode.CONNECTION_NOT_FOUND;
        return new DialectRunner.Answer(e.code().status(), ComposioTranslation.error(e,
            unknownAccount ? ComposioTranslation.CONNECTED_ACCOUNT_NOT_FOUND : null));
    }

    private static List<String> csv(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static Set<String> lower(List<String> values) {
        Set<String> out = new LinkedHashSet<>();
        values.forEach(v -> out.add(v.toLowerCase(Locale.ROOT)));
        return out;
    }

}
