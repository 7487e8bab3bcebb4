package dev.actgate.act;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import dev.actgate.shared.approvals.ApprovalRequests;
import dev.actgate.shared.approvals.ApprovalService;
import dev.actgate.shared.auth.Caller;
import dev.actgate.shared.storage.Page;
import dev.actgate.shared.storage.PageRequest;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import jakarta.validation.Valid;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Approvals: list and read (managers: the workspace's; other tokens: their own tenant's), approve and deny
 * (managers, or tokens with the workspace's approver claim for their own tenant).
 */
@Controller("/approvals")
@Secured(SecurityRule.IS_AUTHENTICATED)
public class ApprovalsController { // a class, not a record: @Valid parameters are validation advice, which needs a subclass
    private final ApprovalService approvals;

    public ApprovalsController(ApprovalService approvals) {
        this.approvals = approvals;
    }

    @Get
    public Page<Map<String, Object>> list(Authentication a, HttpRequest<?> request) {
        Map<String, String> q = new LinkedHashMap<>();
        request.getParameters().forEach((k, v) -> {
            if (!v.isEmpty()) {
                q.put(k, v.get(0));
            }
        });
        return approvals.list(Caller.of(a), q, PageRequest.of(q.get("limit"), q.get("cursor")));
    }

    @Get("/{id}")
    public Map<String, Object> get(Authentication a, @PathVariable String id) {
        return approvals.get(Caller.of(a), id);
    }

    @Post("/{id}/approve")
    public Map<String, Object> approve(Authentication a, HttpRequest<?> request, @PathVariable String id, @Nullable @Valid @Body ApprovalRequests.Decision body) {
        return approvals.decide(Caller.of(a), claims(request), id, true, body);
    }

    @Post("/{id}/deny")
    public Map<String, Object> deny(Authentication a, HttpRequest<?> request, @PathVariable String id, @Nullable @Valid @Body ApprovalRequests.Decision body) {
        return approvals.decide(Caller.of(a), claims(request), id, false, body);
    }

    /** The claims of the bearer token the security filter already verified (the approver claim is one of them). */
    static JWTClaimsSet claims(HttpRequest<?> request) {
        String h = request.getHeaders().getAuthorization().orElse(null);
        if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        try {
            return JWTParser.parse(h.substring(7).trim()).getJWTClaimsSet();
        } catch (java.text.ParseException e) {
            return null;
        }
    }
}
