package dev.actgate.shared.approvals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.actgate.shared.auth.Caller;
import dev.actgate.shared.auth.TokenRejection;
import dev.actgate.shared.auth.WorkspaceTokenVerifier;
import dev.actgate.shared.credentials.CredentialCipher;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorCode;
import dev.actgate.shared.runs.RunLog;
import dev.actgate.shared.runs.RunLogRepository;
import dev.actgate.shared.storage.Ids;
import dev.actgate.shared.storage.Page;
import dev.actgate.shared.storage.PageRequest;
import dev.actgate.shared.workspaces.WorkspaceService;
import dev.actgate.shared.workspaces.WorkspaceSettings;
import io.micronaut.context.BeanProvider;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Approval policies (manager tokens), the approval webhook, and deciding approvals: by API (a manager token, or a
 * token carrying the workspace's approver claim, for its own tenant) or through the hosted page's single-use link.
 */
@Singleton
public record ApprovalService(ApprovalRepository repository, ApprovalGate gate, WorkspaceService workspaces,
                              WorkspaceTokenVerifier tokens, BeanProvider<CredentialCipher> cipher,
                              RunLogRepository runLogs, ObjectMapper json) {
    private static final Logger LOG = LoggerFactory.getLogger(ApprovalService.class);
    static final int MAX_COMMENT = 1000;
    static final Set<String> LIST_PARAMETERS = Set.of("status", "tenantKey", "actionKey", "actionId", "from", "to", "limit", "cursor");
    static final Set<String> STATUSES = Set.of(Approval.PENDING, Approval.APPROVED, Approval.DENIED, Approval.CONSUMED, Approval.EXPIRED);

    // ---- policies ----------------------------------------------------------------------------------------------

    public Map<String, Object> listPolicies(Caller caller) {
        caller.requireManager();
        ApprovalRepository.Policies p = repository.policies(caller.workspaceId());
        return Map.of("items", p.rules(), "version", p.version());
    }

    public PolicyRule getPolicy(Caller caller, String id) {
        caller.requireManager();
        return repository.policies(caller.workspaceId()).rules().stream().filter(r -> r.id().equals(id)).findFirst()
            .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "Approval policy rule '" + id + "' not found"));
    }

    public PolicyRule createPolicy(Caller caller, PolicyRequest body) {
        caller.requireManager();
        Instant now = Instant.now();
        PolicyRule rule = PolicyRules.parse(body, Ids.newId("pol"), now, now);
        Integer position = body.position();
        write(caller, rules -> {
            if (rules.size() >= PolicyRules.MAX_RULES) {
                throw ApiException.validation("A workspace may have at most " + PolicyRules.MAX_RULES + " approval rules");
            }
            rules.add(position == null ? rules.size() : Math.min(position, rules.size()), rule);
        });
        return rule;
    }

    public PolicyRule replacePolicy(Caller caller, String id, PolicyRequest body) {
        caller.requireManager();
        Integer position = body.position();
        PolicyRule[] out = new PolicyRule[1];
        write(caller, rules -> {
            int at = indexOf(rules, id);
            PolicyRule next = PolicyRules.parse(body, id, rules.get(at).createdAt(), Instant.now());
            rules.remove(at);
            rules.add(position == null ? at : Math.min(position, rules.size()), next);
            out[0] = next;
        });
        return out[0];
    }

    public void deletePolicy(Caller caller, String id) {
        caller.requireManager();
        write(caller, rules -> rules.remove(indexOf(rules, id)));
    }

    private interface Edit {
        void apply(List<PolicyRule> rules);
    }

    /** Read-modify-write with the document's version as the condition; a concurrent writer makes us start over. */
    private void write(Caller caller, Edit edit) {
        for (int attempt = 0; attempt < 5; attempt++) {
            ApprovalRepository.Policies current = repository.policies(caller.workspaceId());
            List<PolicyRule> rules = new ArrayList<>(current.rules());
            edit.apply(rules);
            if (repository.savePolicies(caller.workspaceId(), rules, current.version())) {
                gate.invalidate(caller.workspaceId());
                return;
            }
        }
        throw new ApiException(ErrorCode.IDEMPOTENCY_IN_PROGRESS, "The approval policy is being changed by another request; retry")
            .withHeader("Retry-After", "1");
    }

    private static int indexOf(List<PolicyRule> rules, String id) {
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i).id().equals(id)) {
                return i;
            }
        }
        throw new ApiException(ErrorCode.NOT_FOUND, "Approval policy rule '" + id + "' not found");
    }

    // ---- webhook -----------------------------------------------------------------------------------------------

    public Map<String, Object> webhook(Caller caller) {
        caller.requireManager();
        ApprovalRepository.Webhook w = repository.webhook(caller.workspaceId())
            .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "No approval webhook is set"));
        return Map.of("url", w.url(), "createdAt", w.createdAt().toString());
    }

    /** Sets the webhook; the signing secret (given or generated) is returned in this answer only. */
    public Map<String, Object> setWebhook(Caller caller, ApprovalRequests.Webhook body) {
        caller.requireManager();
        if (body == null) {
            throw ApiException.validation("The body must be a JSON object: {url, secret?}");
        }
        String url = body.url();
        checkWebhookUrl(url);
        String secret = body.secret() != null ? body.secret() : WebhookSignature.newSecret();
        if (!WebhookSignature.valid(secret)) {
            throw ApiException.validation("secret must be whsec_ followed by 16-64 base64-encoded random bytes (or leave it out "
                + "and one is generated)", Map.of("field", "secret"));
        }
        ApprovalRepository.Webhook w = new ApprovalRepository.Webhook(url,
            cipher.get().seal(secret.getBytes(StandardCharsets.UTF_8), WebhookNotifier.binding(caller.workspaceId())), Instant.now());
        repository.saveWebhook(caller.workspaceId(), w);
        return Map.of("url", url, "secret", secret, "createdAt", w.createdAt().toString());
    }

    public void deleteWebhook(Caller caller) {
        caller.requireManager();
        repository.deleteWebhook(caller.workspaceId());
    }

    static void checkWebhookUrl(String url) {
        if (url == null || url.isBlank() || url.length() > 2048) {
            throw ApiException.validation("url is required: the absolute http(s) URL that receives approval events",
                Map.of("field", "url"));
        }
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            throw ApiException.validation("url is not a valid URL", Map.of("field", "url"));
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || u.getHost() == null || u.getRawUserInfo() != null
            || u.getRawFragment() != null) {
            throw ApiException.validation("url must be an absolute http(s) URL with a host, without user:password@ or #fragment",
                Map.of("field", "url"));
        }
    }

    // ---- approvals ---------------------------------------------------------------------------------------------

    public Page<Map<String, Object>> list(Caller caller, Map<String, String> query, PageRequest page) {
        List<String> unknown = query.keySet().stream().filter(k -> !LIST_PARAMETERS.contains(k)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw ApiException.validation("Unknown query parameter(s): " + String.join(", ", unknown) + "; filters are "
                + String.join(", ", new java.util.TreeSet<>(LIST_PARAMETERS)));
        }
        String status = query.get("status");
        if (status != null && !STATUSES.contains(status)) {
            throw ApiException.validation("status must be one of pending, approved, denied, consumed, expired", Map.of("field", "status"));
        }
        ApprovalRepository.Filter filter = new ApprovalRepository.Filter(status, query.get("tenantKey"),
            query.get("actionKey"), query.get("actionId"), instant(query.get("from"), "from"), instant(query.get("to"), "to"));
        String scope = caller.manager() ? null : caller.requireTenant();
        Instant now = Instant.now();
        return repository.list(caller.workspaceId(), scope, filter, page).map(a -> view(a, now));
    }

    public Map<String, Object> get(Caller caller, String id) {
        return view(visible(caller, id), Instant.now());
    }

    /** An approval this caller may see: managers see the workspace's, other tokens their own tenant's. */
    private Approval visible(Caller caller, String id) {
        Approval a = Ids.looksLikeId(id, "apr") ? repository.find(caller.workspaceId(), id).orElse(null) : null;
        if (a == null || !caller.manager() && !a.tenantKey().equals(caller.tenantKey())) {
            throw new ApiException(ErrorCode.APPROVAL_NOT_FOUND, "Approval '" + id + "' not found");
        }
        return a;
    }

    /**
     * A decision through the API. {@code claims} are the (already verified) bearer token's claims: a non-manager
     * token decides only with the workspace's approver claim set to true, and only for its own tenant.
     */
    public Map<String, Object> decide(Caller caller, JWTClaimsSet claims, String id, boolean approve, ApprovalRequests.Decision body) {
        Approval a = visible(caller, id);
        if (!caller.manager()) {
            WorkspaceSettings settings = workspaces.find(caller.workspaceKey()).map(w -> w.settings()).orElse(WorkspaceSettings.defaults());
            String claim = settings.approverClaim();
            Object value = claim == null || claims == null ? null : claims.getClaim(claim);
            if (!(Boolean.TRUE.equals(value) || "true".equals(value))) {
                throw new ApiException(ErrorCode.FORBIDDEN, "Deciding approvals needs a manager token"
                    + (claim == null ? "" : " or a token with the claim '" + claim + "': true") + "; this token cannot approve");
            }
        }
        String comment = body == null || body.comment() == null || body.comment().isBlank() ? null : body.comment();
        String who = who(caller, claims);
        return decideAs(caller.workspaceKey(), a, approve, comment, who, "api", null);
    }

    /** The hosted page: what the link shows, or why it no longer works. */
    public Approval openLink(String id, String token) {
        LinkClaims link = link(token, id);
        Approval a = repository.find(link.workspaceId, id).orElseThrow(() -> linkDead("This approval no longer exists"));
        if (a.linkId() == null || !a.linkId().equals(link.linkId)) {
            throw linkDead("This link was already used: approval " + a.id() + " is " + a.effectiveStatus(Instant.now()));
        }
        if (Approval.EXPIRED.equals(a.effectiveStatus(Instant.now()))) {
            throw linkDead("This approval expired at " + a.expiresAt() + " without a decision");
        }
        return a;
    }

    /** A decision from the hosted page; the link works once. */
    public Map<String, Object> decideByLink(String id, String token, boolean approve, String comment, String name) {
        Approval a = openLink(id, token);
        LinkClaims link = link(token, id);
        String who = "approval link" + (name == null || name.isBlank() ? "" : " (" + clip(name.trim(), 100) + ")");
        return decideAs(link.workspaceKey, a, approve, comment(comment), who,
            "page", link.linkId);
    }

    private Map<String, Object> decideAs(String workspaceKey, Approval a, boolean approve, String comment, String who, String via,
                                         String linkId) {
        Instant now = Instant.now();
        String wanted = approve ? Approval.APPROVED : Approval.DENIED;
        String status = a.effectiveStatus(now);
        if (Approval.EXPIRED.equals(status)) {
            throw new ApiException(ErrorCode.APPROVAL_EXPIRED, "Approval " + a.id() + " expired at " + a.expiresAt() + " without a decision");
        }
        if (!Approval.PENDING.equals(status)) {
            if (wanted.equals(status) && linkId == null) {
                return view(a, now);   // the same decision again: nothing changes
            }
            throw new ApiException(ErrorCode.APPROVAL_ALREADY_DECIDED, "Approval " + a.id() + " is already " + status
                + (a.decision() != null ? " (by " + a.decision().by() + " at " + a.decision().at() + ")" : ""));
        }
        Approval next = a.decided(new Approval.Decision(wanted, who, via, now, comment));
        if (!repository.transition(next, Approval.PENDING, linkId)) {
            Approval current = repository.find(a.workspaceId(), a.id()).orElse(a);
            if (linkId != null) {
                throw linkDead("This link was already used: approval " + a.id() + " is " + current.effectiveStatus(now));
            }
            throw new ApiException(ErrorCode.APPROVAL_ALREADY_DECIDED, "Approval " + a.id() + " was decided by someone else: "
                + current.effectiveStatus(now));
        }
        Map<String, Object> event = new LinkedHashMap<>(gate.publicView(next, now));
        event.put("tenantKey", next.tenantKey());
        event.put("request", next.request());
        gate.notify(next.workspaceId(), "approval.decided", event);
        recordOnRunLog(next);
        return view(next, now);
    }

    /** The held run's log shows the decision (best effort: the approval record is the source of truth). */
    private void recordOnRunLog(Approval a) {
        if (a.runId() == null) {
            return;
        }
        try {
            RunLog log = runLogs.find(a.workspaceId(), a.tenantKey(), a.runId()).orElse(null);
            if (log == null) {
                return;
            }
            ObjectNode tree = json.valueToTree(log);
            tree.put("outcome", "approval_" + a.status());
            JsonNode data = tree.path("error").path("data");
            if (data instanceof ObjectNode d) {
                d.put("status", a.status());
                d.set("decision", json.valueToTree(a.decision()));
            }
            runLogs.save(json.treeToValue(tree, RunLog.class));
        } catch (Exception e) {
            LOG.warn("Could not record the decision of {} on run log {}: {}", a.id(), a.runId(), e.toString());
        }
    }

    /** The API view: what will run (redacted), the rule that held it, who asked and when, the decision. */
    public Map<String, Object> view(Approval a, Instant now) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", a.id());
        v.put("status", a.effectiveStatus(now));
        v.put("tenantKey", a.tenantKey());
        v.put("policy", Map.of("id", String.valueOf(a.policyId()), "name", a.policyName()));
        v.put("request", a.request());
        v.put("requestedAt", a.requestedAt().toString());
        v.put("expiresAt", a.expiresAt().toString());
        if (a.runId() != null) {
            v.put("actionRunId", a.runId());
        }
        if (a.decision() != null) {
            v.put("decision", json.valueToTree(a.decision()));
        }
        if (a.consumedAt() != null) {
            v.put("consumedAt", a.consumedAt().toString());
            v.put("consumedByRunId", a.consumedByRunId());
        }
        v.put("retry", Map.of("idempotencyKey", a.idempotencyKey()));
        return v;
    }

    private record LinkClaims(String workspaceId, String workspaceKey, String linkId) {
    }

    private LinkClaims link(String token, String id) {
        WorkspaceTokenVerifier.Verified v;
        try {
            v = tokens.verifyPurpose(token, ApprovalGate.LINK_PURPOSE);
        } catch (TokenRejection e) {
            throw linkDead("This approval link is not valid or has expired");
        }
        Object approvalId = v.claims().getClaim("approvalId");
        if (!id.equals(approvalId) || v.claims().getJWTID() == null) {
            throw linkDead("This approval link is not valid");
        }
        return new LinkClaims(v.caller().workspaceId(), v.caller().workspaceKey(), v.claims().getJWTID());
    }

    private static ApiException linkDead(String message) {
        return new ApiException(ErrorCode.APPROVAL_NOT_FOUND, message);
    }

    /** The hosted page's form comment; API bodies are checked by {@link ApprovalRequests.Decision}'s constraint. */
    private static String comment(String c) {
        if (c == null) {
            return null;
        }
        if (c.length() > MAX_COMMENT) {
            throw ApiException.validation("comment must be a string of at most " + MAX_COMMENT + " characters", Map.of("field", "comment"));
        }
        return c.isBlank() ? null : c;
    }

    private static String who(Caller caller, JWTClaimsSet claims) {
        String named = null;
        if (claims != null) {
            for (String c : new String[] {"email", "name", "sub"}) {
                Object v = claims.getClaim(c);
                if (v instanceof String s && !s.isBlank()) {
                    named = clip(s, 200);
                    break;
                }
            }
        }
        String kind = caller.manager() ? "manager token" : "approver token (tenant " + caller.tenantKey() + ")";
        return named == null ? kind : named + " (" + kind + ")";
    }

    private static String clip(String s, int max) {
        return s.length() > max ? s.substring(0, max) : s;
    }

    private static Instant instant(String s, String field) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw ApiException.validation(field + " must be an ISO-8601 instant such as 2026-01-31T12:00:00Z", Map.of("field", field));
        }
    }
}
