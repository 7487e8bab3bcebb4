package dev.actgate.act.dialects;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.actgate.act.ActEngine;
import dev.actgate.shared.approvals.ApprovalRequiredException;
import dev.actgate.shared.auth.Caller;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.Attribution;
import dev.actgate.shared.idempotency.IdempotencyService;
import dev.actgate.shared.runs.RunLog;
import dev.actgate.shared.runs.RunLogRepository;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.function.Function;

/**
 * Runs a dialect's translated {@code /act} body through the one engine — {@link ActEngine#act} with the dialect as
 * the run's door — inside the same idempotency guard {@code POST /act} uses, and shapes the answer with the
 * dialect's own success and failure forms.
 *
 * <p>Answers that must not be replayed by an idempotency key are not stored: an approval hold (the caller retries
 * with the same key once approved, and that retry must run) and actgate-side failures that {@code /act} also lets
 * be retried (500/502/503).
 */
@Singleton
public class DialectRunner {
    private final Engine engine;
    private final IdempotencyService idempotency;
    private final RunLogRepository runLogs;

    /** {@link ActEngine#act}, the one entry point every dialect runs through (an interface so tests can fake it). */
    @FunctionalInterface
    public interface Engine {
        ActEngine.ActResult act(Caller caller, com.fasterxml.jackson.databind.JsonNode body, String door, String idempotencyKey);
    }

    @jakarta.inject.Inject
    public DialectRunner(ActEngine engine, IdempotencyService idempotency, RunLogRepository runLogs) {
        this(engine::act, idempotency, runLogs);
    }

    public DialectRunner(Engine engine, IdempotencyService idempotency, RunLogRepository runLogs) {
        this.engine = engine;
        this.idempotency = idempotency;
        this.runLogs = runLogs;
    }

    /** A dialect's answer: status and body. */
    public record Answer(int status, Object body) {
    }

    /** How one dialect words success and failure. */
    public interface Shapes {
        Answer succeeded(ActEngine.ActResult result);

        Answer failed(ApiException error);

        static Shapes of(Function<ActEngine.ActResult, Answer> succeeded, Function<ApiException, Answer> failed) {
            return new Shapes() {
                @Override
                public Answer succeeded(ActEngine.ActResult result) {
                    return succeeded.apply(result);
                }

                @Override
                public Answer failed(ApiException error) {
                    return failed.apply(error);
                }
            };
        }
    }

    /**
     * Whether a failure is answered as a failed run (200) or as a refused request (its 4xx), in the dialects whose
     * SDKs hand a failed action back without throwing (Composio, Pipedream). Requests the caller got wrong (unknown
     * action, bad input, no such account) keep their 4xx, which the SDK throws without retrying; anything that went
     * wrong running the action (the external app, actgate itself) is a 200 failed run, never a 5xx.
     */
    public static boolean answeredAsFailedRun(ApiException e) {
        return e.code().attribution() != Attribution.CALLER || e.code().status() >= 500;
    }

    /** An approval hold: 202 with the dialect's failed-run body, {@code status: approval_required} and the approval. */
    public static Answer held(ObjectNode failedRun, ApprovalRequiredException held) {
        failedRun.put("status", "approval_required");
        failedRun.set("approval", DialectJson.tree(held.approval()));
        return new Answer(202, failedRun);
    }

    /** Thrown through the idempotency guard so it releases the key instead of storing the answer. */
    private static final class NotStored extends RuntimeException {
        final ApiException error;

        NotStored(ApiException error) {
            super(null, null, false, false);
            this.error = error;
        }
    }

    public MutableHttpResponse<?> run(Caller caller, String route, String idempotencyKey, ObjectNode act, String door, Shapes shapes) {
        try {
            return idempotency.run(caller, route, idempotencyKey, idempotency.fingerprint("POST", route, null, act), () -> {
                try {
                    Answer a = shapes.succeeded(engine.act(caller, act, door, idempotencyKey));
                    return new IdempotencyService.Outcome(a.status(), a.body());
                } catch (ApprovalRequiredException e) {
                    throw new NotStored(e);
                } catch (ApiException e) {
                    int status = e.code().status();
                    if (status == 500 || status == 502 || status == 503) {
                        throw new NotStored(e);
                    }
                    Answer a = shapes.failed(e);
                    return new IdempotencyService.Outcome(a.status(), a.body());
                }
            });
        } catch (NotStored n) {
            Answer a = shapes.failed(n.error);
            return respond(a);
        } catch (ApiException e) {
            // The guard itself refused (key reused with another body, still running): the dialect words it too.
            return respond(shapes.failed(e));
        }
    }

    public static MutableHttpResponse<?> respond(Answer a) {
        return HttpResponse.status(HttpStatus.valueOf(a.status())).body(a.body());
    }

    /** The console lines the run recorded (code actions), for dialects that return them (Pipedream's {@code os}). */
    public List<RunLog.ConsoleEntry> console(Caller caller, String runId) {
        if (runId == null || runLogs == null) {
            return List.of();
        }
        try {
            return runLogs.find(caller.workspaceId(), caller.tenantKey(), runId).map(RunLog::console).filter(l -> l != null)
                .orElse(List.of());
        } catch (RuntimeException e) {
            // The run happened; its console lines are a nicety the answer can do without.
            return List.of();
        }
    }
}
