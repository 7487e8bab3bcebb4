package dev.actgate.act;

import dev.actgate.shared.approvals.ApprovalRequests;
import dev.actgate.shared.approvals.ApprovalService;
import dev.actgate.shared.approvals.PolicyRequest;
import dev.actgate.shared.approvals.PolicyRule;
import dev.actgate.shared.json.BodyErrors;
import dev.actgate.shared.auth.Caller;
import dev.actgate.shared.auth.Roles;
import dev.actgate.shared.idempotency.Idempotent;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import jakarta.validation.Valid;

import java.util.Map;

/**
 * A workspace's approval policy (manager tokens): ordered rules, first match wins ({@code /approval-policies}), and
 * the webhook that hears about approvals ({@code /approval-webhook}). Served by the act function, next to the gate
 * that reads them (docs/approvals.md).
 */
@Controller
@Secured(Roles.MANAGER)
public class ApprovalPoliciesController { // a class, not a record: @Idempotent and @Valid are around advice, which needs a subclass
    private final ApprovalService approvals;

    public ApprovalPoliciesController(ApprovalService approvals) {
        this.approvals = approvals;
    }

    @Get("/approval-policies")
    public Map<String, Object> list(Authentication a) {
        return approvals.listPolicies(Caller.of(a));
    }

    @Post("/approval-policies")
    @Idempotent("POST /approval-policies")
    public MutableHttpResponse<?> create(Authentication a, @Nullable @Valid @Body PolicyRequest body) {
        return HttpResponse.created(approvals.createPolicy(Caller.of(a), BodyErrors.required(body)));
    }

    @Get("/approval-policies/{id}")
    public PolicyRule get(Authentication a, @PathVariable String id) {
        return approvals.getPolicy(Caller.of(a), id);
    }

    @Put("/approval-policies/{id}")
    public PolicyRule replace(Authentication a, @PathVariable String id, @Nullable @Valid @Body PolicyRequest body) {
        return approvals.replacePolicy(Caller.of(a), id, BodyErrors.required(body));
    }

    @Delete("/approval-policies/{id}")
    public HttpResponse<?> delete(Authentication a, @PathVariable String id) {
        approvals.deletePolicy(Caller.of(a), id);
        return HttpResponse.noContent();
    }

    @Get("/approval-webhook")
    public Map<String, Object> webhook(Authentication a) {
        return approvals.webhook(Caller.of(a));
    }

    @Put("/approval-webhook")
    public Map<String, Object> setWebhook(Authentication a, @Nullable @Valid @Body ApprovalRequests.Webhook body) {
        return approvals.setWebhook(Caller.of(a), body);
    }

    @Delete("/approval-webhook")
    public HttpResponse<?> deleteWebhook(Authentication a) {
        approvals.deleteWebhook(Caller.of(a));
        return HttpResponse.noContent();
    }
}
