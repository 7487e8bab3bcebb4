package dev.actgate.act.dialects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.actgate.act.ProxyDispatcher;
import dev.actgate.shared.actions.ActionView;
import dev.actgate.shared.approvals.ApprovalRequiredException;
import dev.actgate.shared.auth.Caller;
import dev.actgate.shared.auth.ServerCaller;
import dev.actgate.shared.connections.Connection;
import dev.actgate.shared.connections.ConnectionView;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ApiExceptionHandler;
import dev.actgate.shared.errors.ErrorCode;
import dev.actgate.shared.idempotency.IdempotencyService;
import dev.actgate.shared.integrations.Integration;
import dev.actgate.shared.storage.Page;
import dev.actgate.shared.storage.PageRequest;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Pipedream Connect's API under {@code /v1/connect/{project_id}/…}, for code written against {@code @pipedream/sdk}:
 * the project id is the workspace key; {@code external_user_id} is the tenant; an account is a connection. Runs go
 * through the one engine with door {@code pipedream}. See docs/migrating-from-pipedream.md.
 */
@Controller("/v1/connect/{project_id}")
@Secured(SecurityRule.IS_AUTHENTICATED)
public class PipedreamController {
    static final String DOOR = "pipedream";
    static final String PROXY_HEADER_PREFIX = "x-pd-proxy-";

    private final DialectRunner runner;
    private final DialectActions actions;
    private final DialectConnections connections;
    private final ProxyDispatcher proxies;

    public PipedreamController(DialectRunner runner, DialectActions actions, DialectConnections connections, ProxyDispatcher proxies) {
        this.runner = runner;
        this.actions = actions;
        this.connections = connections;
        this.proxies = proxies;
    }

    // ------------------------------------------------------------------ actions

    @Post("/actions/run")
    public MutableHttpResponse<?> run(Authentication auth, @PathVariable("project_id") String projectId, @Nullable @Body JsonNode body,
                                      @Nullable @Header(IdempotencyService.HEADER) String idempotencyKey) {
        PipedreamTranslation.Run run = PipedreamTranslation.run(body, actions::byId);
        Caller caller = ServerCaller.actingFor(auth, run.externalUserId(), "external_user_id");
        requireProject(caller, projectId);
        if (!run.act().has("connectionId") && !run.act().has("connectionKey") && run.act().has("key")) {
            // No account named: a saved action of an app runs on the user's connection to that app.
            actions.find(caller, run.act().get("key").asText(), null).map(DialectActions::app)
                .ifPresent(app -> run.act().put("integrationKey", app));
        }
        return runner.run(caller, "POST /v1/connect/{project_id}/actions/run", idempotencyKey, run.act(), DOOR, shapes(runner, caller));
    }

    /** Success: {exports, os, ret}; a failed run: 200 with the error in os/error; a refused request: its 4xx; a hold: 202. */
    static DialectRunner.Shapes shapes(DialectRunner runner, Caller caller) {
        return DialectRunner.Shapes.of(
            r -> new DialectRunner.Answer(200, PipedreamTranslation.succeeded(r.output(), r.actionRunId(),
                runner.console(caller, r.actionRunId()))),
            e -> {
                if (e instanceof ApprovalRequiredException held) {
                    return DialectRunner.held(PipedreamTranslation.succeeded(null, null, List.of()), held);
                }
                if (DialectRunner.answeredAsFailedRun(e)) {
                    return new DialectRunner.Answer(200, PipedreamTranslation.failed(e, runner.console(caller, e.actionRunId())));
                }
                return new DialectRunner.Answer(e.code().status(), e.toBody());
            });
    }

    @Get("/actions")
    public JsonNode listActions(Authentication auth, @PathVariable("project_id") String projectId, @Nullable @QueryValue String q,
                                @Nullable @QueryValue String app, @Nullable @QueryValue String limit, @Nullable @QueryValue String after,
                                @Nullable @QueryValue("external_user_id") String externalUserId) {
        Caller caller = listing(auth, externalUserId);
        requireProject(caller, projectId);
        List<JsonNode> all = new ArrayList<>();
        actions.list(caller, app, q).forEach(v -> all.add(PipedreamTranslation.component(v)));
        return offsetPage(all, limit, after);
    }

    @Get("/actions/{component_id}")
    public JsonNode getAction(Authentication auth, @PathVariable("project_id") String projectId,
                              @PathVariable("component_id") String componentId, @Nullable @QueryValue String version,
                              @Nullable @QueryValue("external_user_id") String externalUserId) {
        Caller caller = listing(auth, externalUserId);
        requireProject(caller, projectId);
        ActionView v = actions.find(caller, componentId, DialectNames.parsePipedreamVersion(version))
            .orElseThrow(() -> ApiException.notFound(ErrorCode.ACTION_NOT_FOUND, "Component", componentId));
        ObjectNode r = PipedreamTranslation.JSON.objectNode();
        r.set("data", PipedreamTranslation.component(v));
        return r;
    }

    // ------------------------------------------------------------------ accounts

    @Get("/accounts")
    public JsonNode listAccounts(Authentication auth, @PathVariable("project_id") String projectId,
                                 @Nullable @QueryValue("external_user_id") String externalUserId, @Nullable @QueryValue String app,
                                 @Nullable @QueryValue String limit, @Nullable @QueryValue String after) {
        Caller caller = ServerCaller.actingFor(auth, externalUserId, "external_user_id");
        requireProject(caller, projectId);
        Page<ConnectionView> page = connections.service().list(caller, app, null, false, PageRequest.of(limit, after));
        Map<String, Integration> byId = new LinkedHashMap<>();
        List<JsonNode> items = new ArrayList<>();
        for (ConnectionView c : page.items()) {
            Integration i = byId.computeIfAbsent(c.integrationId(), id -> connections.integration(caller, id).orElse(null));
            items.add(PipedreamTranslation.account(c, i == null ? null : i.name(), authType(i)));
        }
        return PipedreamTranslation.page(items, page.cursor(), items.size());
    }

    @Get("/accounts/{account_id}")
    public JsonNode getAccount(Authentication auth, @PathVariable("project_id") String projectId,
                               @PathVariable("account_id") String accountId,
                               @Nullable @QueryValue("external_user_id") String externalUserId) {
        Caller caller = ServerCaller.actingFor(auth, externalUserId, "external_user_id");
        Connection c = liveAccount(caller, projectId, accountId);
        Integration i = connections.integration(caller, c.integrationId()).orElse(null);
        return PipedreamTranslation.account(connections.service().view(c), i == null ? null : i.name(), authType(i));
    }

    @Delete("/accounts/{account_id}")
    public HttpResponse<?> deleteAccount(Authentication auth, @PathVariable("project_id") String projectId,
                                         @PathVariable("account_id") String accountId,
                                         @Nullable @QueryValue("external_user_id") String externalUserId) {
        Caller caller = ServerCaller.actingFor(auth, externalUserId, "external_user_id");
        liveAccount(caller, projectId, accountId);
        connections.service().archive(caller, accountId);
        return HttpResponse.noContent();
    }

    /** The caller's account in this project; a deleted (archived) one is not found, as in Pipedream. */
    private Connection liveAccount(Caller caller, String projectId, String accountId) {
        requireProject(caller, projectId);
        Connection c = connections.service().get(caller, accountId);
        if (c.archived()) {
            throw ApiException.notFound(ErrorCode.CONNECTION_NOT_FOUND, "Account", accountId);
        }
        return c;
    }

    // ------------------------------------------------------------------ proxy

    @Get("/proxy/{+url64}")
    public MutableHttpResponse<?> proxyGet(Authentication a, HttpRequest<?> r, @PathVariable("project_id") String p) {
        return proxy(a, r, p, null);
    }

    @Delete("/proxy/{+url64}")
    public MutableHttpResponse<?> proxyDelete(Authentication a, HttpRequest<?> r, @PathVariable("project_id") String p) {
        return proxy(a, r, p, null);
    }

    @Post("/proxy/{+url64}")
    public MutableHttpResponse<?> proxyPost(Authentication a, HttpRequest<?> r, @PathVariable("project_id") String p,
                                            @Nullable @Body JsonNode body) {
        return proxy(a, r, p, body);
    }

    @Put("/proxy/{+url64}")
    public MutableHttpResponse<?> proxyPut(Authentication a, HttpRequest<?> r, @PathVariable("project_id") String p,
                                           @Nullable @Body JsonNode body) {
        return proxy(a, r, p, body);
    }

    @Patch("/proxy/{+url64}")
    public MutableHttpResponse<?> proxyPatch(Authentication a, HttpRequest<?> r, @PathVariable("project_id") String p,
                                             @Nullable @Body JsonNode body) {
        return proxy(a, r, p, body);
    }

    private MutableHttpResponse<?> proxy(Authentication auth, HttpRequest<?> request, String projectId, JsonNode body) {
        String externalUserId = request.getParameters().get("external_user_id");
        String accountId = request.getParameters().get("account_id");
        Caller caller = ServerCaller.actingFor(auth, externalUserId, "external_user_id");
        requireProject(caller, projectId);
        if (accountId == null || accountId.isBlank()) {
            throw ApiException.validation("account_id is required: it names the account (connection) to send the request through");
        }
        String raw = request.getPath();
        int at = raw.indexOf("/proxy/");
        String target = PipedreamProxyUrl.decode(raw.substring(at + "/proxy/".length()));
        try {
            Connection c = connections.service().get(caller, accountId);
            String path = PipedreamProxyUrl.relativize(connections.baseUrl(caller, c), target);
            Map<String, String> headers = new LinkedHashMap<>();
            request.getHeaders().forEach((name, values) -> {
                String n = name.toLowerCase(Locale.ROOT);
                if (n.startsWith(PROXY_HEADER_PREFIX) && n.length() > PROXY_HEADER_PREFIX.length() && !values.isEmpty()) {
                    headers.put(n.substring(PROXY_HEADER_PREFIX.length()), values.get(0));
                }
            });
            String method = request.getMethod() == HttpMethod.CUSTOM ? request.getMethodName() : request.getMethod().name();
            ObjectNode act = proxies.actBody(c.id(), method, path, null, headers, body);
            JsonNode output = proxies.forward(caller, act, DOOR).output();
            return HttpResponse.ok(output == null ? PipedreamTranslation.JSON.nullNode() : output);
        } catch (ApiException e) {
            // The SDK retries every 5xx, including a POST that may have reached the app: a failure is never a 5xx here.
            if (e.code().status() >= 500) {
                return ApiExceptionHandler.toResponse(e).status(424);
            }
            throw e;
        }
    }

    // ------------------------------------------------------------------ helpers

    /** The project id is the workspace key (the workspace id works too); another workspace's is "not found". */
    static void requireProject(Caller caller, String projectId) {
        if (projectId == null || !(projectId.equals(caller.workspaceKey()) || projectId.equals(caller.workspaceId()))) {
            throw new ApiException(ErrorCode.NOT_FOUND, "Project '" + projectId + "' not found: the project id is the actgate "
                + "workspace key of your credentials");
        }
    }

    /** Listing actions needs no end user; when one is named, its connection-level actions are listed too. */
    static Caller listing(Authentication auth, String tenant) {
        if (tenant != null && !tenant.isBlank()) {
            return ServerCaller.actingFor(auth, tenant, "external_user_id");
        }
        Caller base = Caller.of(auth);
        return new Caller(base.workspaceId(), base.workspaceKey(), base.tenantKey(), base.manager());
    }

    static String authType(Integration i) {
        return i == null || i.auth() == null ? null : i.auth().type();
    }

    static JsonNode offsetPage(List<JsonNode> all, String limit, String after) {
        int size = PageRequest.of(limit, null).limit();
        int from = 0;
        if (after != null && !after.isBlank()) {
            try {
                String rawOffset = new String(Base64.getUrlDecoder().decode(after), StandardCharsets.UTF_8);
                from = Integer.parseInt(rawOffset.substring("offset:".length()));
            } catch (RuntimeException e) {
                throw ApiException.validation("Invalid cursor: pass page_info.end_cursor from the previous page unchanged");
            }
        }
        from = Math.max(0, Math.min(from, all.size()));
        int to = Math.min(all.size(), from + size);
        String next = to < all.size()
            ? Base64.getUrlEncoder().withoutPadding().encodeToString(("offset:" + to).getBytes(StandardCharsets.UTF_8)) : null;
        return PipedreamTranslation.page(all.subList(from, to), next, all.size());
    }
}
