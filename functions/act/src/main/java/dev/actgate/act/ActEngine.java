package dev.actgate.act;

import dev.actgate.shared.runs.RunLogSettings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.actgate.act.sandbox.ConsoleLine;
import dev.actgate.act.sandbox.JsSandbox;
import dev.actgate.act.sandbox.SandboxHost;
import dev.actgate.act.sandbox.SandboxLimits;
import dev.actgate.act.sandbox.SandboxResult;
import dev.actgate.shared.actions.ActionDefinition;
import dev.actgate.shared.actions.RequestMapping;
import dev.actgate.shared.auth.Caller;
import dev.actgate.shared.connections.Connection;
import dev.actgate.shared.connections.ConnectionCredentials;
import dev.actgate.shared.connections.ConnectionService;
import dev.actgate.shared.connections.ConnectionState;
import dev.actgate.shared.connections.CredentialRefresher;
import dev.actgate.shared.credentials.CredentialsUnavailableException;
import dev.actgate.shared.dispatch.DispatchResolver;
import dev.actgate.shared.dispatch.DispatchTarget;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorCode;
import dev.actgate.shared.integrations.EffectiveIntegration;
import dev.actgate.shared.integrations.Integration;
import dev.actgate.shared.integrations.IntegrationService;
import dev.actgate.shared.integrations.IntegrationView;
import dev.actgate.shared.runs.RunLog;
import dev.actgate.shared.runs.RunLogRepository;
import dev.actgate.shared.runs.RunOutcome;
import dev.actgate.shared.storage.PageRequest;
import dev.actgate.shared.workspaces.WorkspaceService;
import dev.actgate.shared.workspaces.WorkspaceSettings;
import io.micronaut.context.BeanProvider;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one execution engine every door into actgate goes through ({@code POST /act}, the legacy
 * {@code /actions/{sel}/run}, {@code /connections/{sel}/actions/{key}/run}, the proxy, and {@code membrane.act}
 * inside code). It resolves the action and the connection, runs the dispatch, and writes the run log before the
 * response leaves, on success and on failure.
 */
@Singleton
public class ActEngine {
    private static final Logger LOG = LoggerFactory.getLogger(ActEngine.class);
    /** membrane.act inside code may nest, but not without end. */
    static final int MAX_NESTING = 3;

    private final ConnectionService connections;
    private final IntegrationService integrations;
    private final DispatchResolver resolver;
    private final UpstreamCaller upstream;
    private final RunLogRepository runLogs;
    private final WorkspaceService workspaces;
    private final BeanProvider<CredentialRefresher> refresher;
    private final InputValidator inputs;
    private final ObjectMapper json;
    private final RunTelemetry telemetry;
    private final JsSandbox sandbox = new JsSandbox();
    private final Duration budget;
    private final SandboxLimits limits;
    /** The deployment's default (template parameter RunLogRetentionDays); a workspace setting overrides it. */
    private final int defaultRetentionDays;
    private final ThreadLocal<Integer> depth = ThreadLocal.withInitial(() -> 0);
    /** Approval policies (docs/approvals.md); a field, so the constructor stays as it is. */
    @jakarta.inject.Inject
    dev.actgate.shared.approvals.ApprovalGate approvals;

    public ActEngine(ConnectionService connections, IntegrationService integrations, DispatchResolver resolver, UpstreamCaller upstream,
                     RunLogRepository runLogs, WorkspaceService workspaces, BeanProvider<CredentialRefresher> refresher,
                     InputValidator inputs, ObjectMapper json, RunTelemetry telemetry, ActSettings act,
                     SandboxSettings sandboxSettings, RunLogSettings retention) {
        this.defaultRetentionDays = retention.getRetentionDays();
        this.connections = connections;
        this.integrations = integrations;
        this.resolver = resolver;
        this.upstream = upstream;
        this.runLogs = runLogs;
        this.workspaces = workspaces;
        this.refresher = refresher;
        this.inputs = inputs;
        this.json = json;
        this.telemetry = telemetry;
        this.budget = Duration.ofMillis(act.budgetMs());
        SandboxLimits defaults = SandboxLimits.defaults();
        this.limits = new SandboxLimits(Duration.ofMillis(sandboxSettings.timeoutMs()), sandboxSettings.statementLimit(),
            sandboxSettings.maxOutputBytes(), defaults.maxHeapGrowthBytes());
    }

    /** The response of a dispatch: {@code { output, actionRunId }}. */
    public record ActResult(JsonNode output, String actionRunId) {
    }

    /** A dispatch from a JSON body (as {@code POST /act} takes it): parsed and checked, then run. */
    public ActResult act(Caller caller, JsonNode body, String door, String idempotencyKey) {
        return act(caller, ActRequest.parse(body), door, idempotencyKey, null);
    }

    /** A dispatch already parsed ({@link ActRequest#parse}); {@code door} names where it came in, for the run log. */
    public ActResult act(Caller caller, ActRequest request, String door, String idempotencyKey) {
        return act(caller, request, door, idempotencyKey, null);
    }

    /** {@code parent}: the run whose code called membrane.act (issue 11: its deadline and call budget are shared). */
    private ActResult act(Caller caller, ActRequest request, String door, String idempotencyKey, RunRecorder parent) {
        caller.requireTenant();
        if (depth.get() >= MAX_NESTING) {
            throw ApiException.validation("membrane.act may nest at most " + MAX_NESTING + " levels deep");
        }
        WorkspaceSettings settings = workspaces.find(caller.workspaceKey()).map(w -> w.settings()).orElse(WorkspaceSettings.defaults());
        int retention = settings.runLogRetentionDays() > 0 ? settings.runLogRetentionDays() : defaultRetentionDays;
        // A nested run gets what is left of its parent's budget, never a fresh one (issue 11).
        Duration runBudget = parent == null ? budget : Duration.ofMillis(Math.max(0, parent.remainingMillis()));
        RunRecorder run = new RunRecorder(caller, door, request.body(), runBudget, settings.captureBodies(), retention);
        if (parent != null) {
            run.nestedIn(parent);
        }
        depth.set(depth.get() + 1);
        try {
            JsonNode output = dispatch(run, request, idempotencyKey);
            run.output = output;
            save(run, null);
            return new ActResult(output, run.id);
        } catch (ApiException e) {
            e.withActionRunId(run.id);
            save(run, e);
            throw e;
        } catch (CredentialsUnavailableException e) {
            ApiException wrapped = e.retryable()
                ? new ApiException(ErrorCode.STORAGE_UNAVAILABLE, "The key service is temporarily unavailable; retry after a short wait")
                : new ApiException(ErrorCode.INTERNAL_ERROR, "The connection's stored credentials cannot be decrypted; reconnect it");
            wrapped.withActionRunId(run.id);
            save(run, wrapped);
            throw wrapped;
        } catch (RuntimeException e) {
            LOG.error("Run {} failed unexpectedly", run.id, e);
            ApiException wrapped = new ApiException(ErrorCode.INTERNAL_ERROR, "Internal error while running the action").withActionRunId(run.id);
            save(run, wrapped);
            throw wrapped;
        } finally {
            depth.set(depth.get() - 1);
        }
    }

    private JsonNode dispatch(RunRecorder run, ActRequest request, String idempotencyKey) {
        Caller caller = run.caller;
        JsonNode input = request.input();
        run.input = input;
        DispatchTarget target = resolver.resolve(caller, request.selection());
        ActionDefinition action = target.action();
        Optional<Connection> resolved = target.connection();
        if (action != null) {
            run.resolvedAction = new RunLog.ResolvedAction(action.id(), action.key(), action.name(), action.type(), action.level(),
                action.revision());
            inputs.validate(action.inputSchema(), input, "input");
        }
        Connection connection = resolved.orElseThrow(() -> new ApiException(ErrorCode.CONNECTION_REQUIRED,
            "No connection to run against: pass connectionId or connectionKey, or integrationId/integrationKey "
                + "(the tenant's connection to it), or mark a tenant default connection"));
        run.connection = connection;
        // Known secrets are redacted from the run log from here on, also when the run fails before the call.
        ConnectionCredentials stored = connections.credentials(connection);
        run.useSecrets(stored.secretValues(), List.of());
        if (connection.state() == ConnectionState.DISCONNECTED) {
            run.outcome = RunOutcome.DISCONNECTED;
            throw ConnectionService.disconnectedError(connection);
        }
        if (connection.state() != ConnectionState.READY) {
            throw new ApiException(ErrorCode.CONNECTION_NOT_READY, "Connection '" + connection.key() + "' is " + connection.state()
                + ": finish connecting it first", Map.of("connectionId", connection.id(), "state", connection.state().name()));
        }
        Integration integration = integrations.requireActive(caller, connection.integrationId());
        run.integration = integration;
        // The approval gate: everything is resolved, nothing is sent yet (docs/approvals.md).
        approvals.check(dev.actgate.shared.approvals.GatedRequest.of(caller, run.door, run.id, idempotencyKey, action, connection,
                integration, input, request.api(), request.code(), node -> run.redactor().json(node)))
            .ifPresent(note -> run.console(List.of(new RunLog.ConsoleEntry("info", note, java.time.Instant.now()))));
        EffectiveIntegration effective = integrations.effective(integration);
        UpstreamCaller.Link link = link(caller, connection, effective, stored);
        run.useSecrets(UpstreamCaller.allSecrets(link), link.auth.sensitiveHeaders());

        if (request.api() != null) {
            return callUpstream(run, link, request.api(), false, idempotencyKey).get("data");
        }
        if (request.code() != null) {
            return runCode(run, link, request.code(), input);
        }
        JsonNode output = switch (action.type()) {
            case ActionDefinition.API_REQUEST -> {
                JsonNode requestConfig = action.config() == null ? null : action.config().get("request");
                if (requestConfig == null || !requestConfig.isObject()) {
                    throw new ApiException(ErrorCode.CONFIGURATION_ERROR, "Action '" + action.id() + "' has no request config");
                }
                ObjectNode mapped = RequestMapping.request(requestConfig, input, connection.fields());
                yield callUpstream(run, link, mapped, action.idempotent(), idempotencyKey).get("data");
            }
            case ActionDefinition.RUN_JAVASCRIPT -> runCode(run, link, action.config().path("code").asText(), input);
            default -> throw new ApiException(ErrorCode.CONFIGURATION_ERROR, "Action type '" + action.type() + "' cannot run here");
        };
        reportOutputMismatch(run, action, output);
        return output;
    }

    /**
     * The transport reports a connection whose credentials the app refuses for good; recording that (the connection
     * becomes DISCONNECTED, with why) is the connection service's write, made here.
     */
    private ObjectNode callUpstream(RunRecorder run, UpstreamCaller.Link link, JsonNode spec, boolean idempotent, String idempotencyKey) {
        try {
            return upstream.call(run, link, spec, idempotent, idempotencyKey);
        } catch (UpstreamCaller.CredentialsRefused refused) {
            Connection marked = connections.markDisconnected(refused.connection, refused.getMessage());
            run.outcome = RunOutcome.DISCONNECTED;
            throw ConnectionService.disconnectedError(marked);
        }
    }

    /** outputSchema is a description, not a gate: a mismatch is a warning in the run log; the output is returned. */
    private void reportOutputMismatch(RunRecorder run, ActionDefinition action, JsonNode output) {
        if (action.outputSchema() == null || action.outputSchema().isNull() || action.outputSchema().isEmpty()) {
            return;
        }
        try {
            inputs.validate(action.outputSchema(), output, "output");
        } catch (ApiException e) {
            run.console(List.of(new RunLog.ConsoleEntry("warn",
                e.getMessage().replace("the action's inputSchema", "the action's outputSchema"), java.time.Instant.now())));
        } catch (RuntimeException e) {
            run.console(List.of(new RunLog.ConsoleEntry("warn", "The output could not be checked against the action's outputSchema: "
                + e.getMessage(), java.time.Instant.now())));
        }
    }

    private UpstreamCaller.Link link(Caller caller, Connection connection, EffectiveIntegration effective,
                                     ConnectionCredentials opened) {
        ConnectionCredentials credentials;
        Connection current = connection;
        if (effective.auth() != null && effective.auth().isOAuth2() && refresher.isPresent()) {
            CredentialRefresher.Refreshed fresh = refresher.get().ensureFresh(connection, effective);
            current = fresh.connection();
            credentials = fresh.credentials();
        } else {
            credentials = opened != null ? opened : connections.credentials(connection);
        }
        return new UpstreamCaller.Link(caller, current, effective, credentials);
    }

    private JsonNode runCode(RunRecorder run, UpstreamCaller.Link link, String code, JsonNode input) {
        JsonNode connectionJson = json.valueToTree(connections.view(link.connection));
        JsonNode integrationJson = json.valueToTree(IntegrationView.of(link.integration).withoutParameterValues());   // tenant code: no parameter values (issue 11)
        SandboxHost host = new SandboxHost() {
            @Override
            public JsonNode apiRequest(JsonNode request) {
                UpstreamCaller.Link target = link;
                String other = request.path("connection").asText(null);
                if (other != null && !other.equals(link.connection.id()) && !other.equals(link.connection.key())) {
                    Connection c = resolver.connection(run.caller, null, other, null, null).orElseThrow();
                    if (c.state() == ConnectionState.DISCONNECTED) {
                        throw ConnectionService.disconnectedError(c);
                    }
                    target = link(run.caller, c, integrations.effective(integrations.requireActive(run.caller, c.integrationId())), null);
                    run.useSecrets(concat(UpstreamCaller.allSecrets(link), UpstreamCaller.allSecrets(target)), target.auth.sensitiveHeaders());
                }
                ObjectNode spec = ((ObjectNode) request).deepCopy();
                spec.remove("connection");
                ActRequest.validateApi(spec.has("path") ? spec : spec.put("path", "/"));
                return callUpstream(run, target, spec, false, null);
            }

            @Override
            public JsonNode act(JsonNode actBody) {
                return ActEngine.this.act(run.caller, ActRequest.parse(actBody), "code", null, run).output();
            }

            @Override
            public JsonNode listConnections(JsonNode query) {
                String integration = query == null ? null : query.path("integrationKey").asText(query.path("integrationId").asText(null));
                return json.valueToTree(connections.list(run.caller, integration, query == null ? null : query.path("search").asText(null),
                    false, PageRequest.of(query == null ? null : query.path("limit").asText(null), query == null ? null
                        : query.path("cursor").asText(null))));
            }

            @Override
            public void deadlineReached() {
                run.deadlineReached();   // the watchdog's thread: no new upstream request or retry from here on
            }
        };
        SandboxLimits runLimits = new SandboxLimits(Duration.ofMillis(Math.max(100, Math.min(limits.timeout().toMillis(),
            run.remainingMillis() - 500))), limits.statementLimit(), limits.maxOutputBytes(), limits.maxHeapGrowthBytes());
        try {
            SandboxResult result = sandbox.run(code, run.input == null ? json.nullNode() : run.input, connectionJson, integrationJson,
                host, runLimits);
            run.console(result.console().stream().map(ActEngine::entry).toList());
            return result.output();
        } catch (ApiException e) {
            if (e.data() instanceof Map<?, ?> data && data.get("console") instanceof List<?> lines) {
                run.console(lines.stream().map(l -> json.convertValue(l, RunLog.ConsoleEntry.class)).toList());
            }
            if (run.wasCutOff()) {
                // The watchdog cut the run at its deadline, possibly inside a host call it interrupted: say so.
                run.outcome = RunOutcome.DEADLINE;
                run.console(List.of(new RunLog.ConsoleEntry("error", "The run reached its deadline ("
                    + runLimits.timeout().toMillis() + " ms): the code was stopped, a host call still waiting for the "
                    + "external app was interrupted and its connection closed (a request already sent may or may not "
                    + "have taken effect there)", java.time.Instant.now())));
            }
            throw e;
        }
    }

    private static RunLog.ConsoleEntry entry(ConsoleLine line) {
        return new RunLog.ConsoleEntry(line.level(), line.message(), line.at());
    }

    private static List<String> concat(List<String> a, List<String> b) {
        java.util.ArrayList<String> out = new java.util.ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private void save(RunRecorder run, ApiException error) {
        RunLog log = run.toLog(error, json);
        try {
            runLogs.save(log);
        } catch (RuntimeException e) {
            // The dispatch already happened: report it rather than invite a duplicate by failing the response.
            LOG.error("Could not write run log {}: {}", run.id, e.toString());
        }
        telemetry.recorded(log);
    }
}
