package dev.actgate.act;

import dev.actgate.shared.approvals.Approval;
import dev.actgate.shared.approvals.ApprovalService;
import dev.actgate.shared.errors.ApiException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;

import java.util.Map;

/**
 * The hosted approval page at an approval's {@code approvalUrl}: {@code GET /screens/approval/{id}?token=…} shows
 * the request, {@code POST} (the page's form) records the decision. The link's token is purpose-bound, signed with
 * the workspace secret, expires with the approval and works for one decision; it is never an API token. Opening
 * the link does not use it up (chat apps fetch links to preview them); deciding does.
 */
@Controller("/screens/approval")
@Secured(SecurityRule.IS_ANONYMOUS)
public record ApprovalPageController(ApprovalService approvals, ApprovalPage pages) {
    @Get("/{id}")
    public MutableHttpResponse<String> open(@PathVariable String id, @Nullable @QueryValue String token) {
        try {
            Approval a = approvals.openLink(id, token);
            return html(HttpStatus.OK, pages.review(a, token));
        } catch (ApiException e) {
            return html(HttpStatus.valueOf(e.code().status()), pages.error(e.getMessage()));
        }
    }

    @Post(value = "/{id}", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public MutableHttpResponse<String> decide(@PathVariable String id, @Nullable @Body Map<String, String> form) {
        Map<String, String> f = form == null ? Map.of() : form;
        String decision = f.get("decision");
        if (!"approve".equals(decision) && !"deny".equals(decision)) {
            return html(HttpStatus.BAD_REQUEST, pages.error("Choose Approve or Deny"));
        }
        try {
            Map<String, Object> view = approvals.decideByLink(id, f.get("token"), "approve".equals(decision), f.get("comment"), f.get("name"));
            return html(HttpStatus.OK, pages.decided(String.valueOf(view.get("status"))));
        } catch (ApiException e) {
            return html(HttpStatus.valueOf(e.code().status()), pages.error(e.getMessage()));
        }
    }

    /**
     * The connect pages' rules (no-store, default-src 'none', inline style only, forms to self, no base), except
     * framing: a page with an Approve button may not be framed by anyone (clickjacking), so frame-ancestors 'none'.
     * The link carries a token: no referrer leaves the page.
     */
    static MutableHttpResponse<String> html(HttpStatus status, String body) {
        return HttpResponse.<String>status(status).body(body).contentType(MediaType.TEXT_HTML_TYPE)
            .header("Cache-Control", "no-store")
            .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
                + "frame-ancestors 'none'; base-uri 'none'")
            .header("X-Frame-Options", "DENY")
            .header("X-Content-Type-Options", "nosniff")
            .header("Referrer-Policy", "no-referrer");
    }
}
