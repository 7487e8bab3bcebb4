package dev.actgate.shared.approvals;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.actgate.shared.auth.WorkspaceTokenVerifier;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorCode;
import dev.actgate.shared.storage.Ids;
import io.micronaut.context.BeanProvider;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.context.ServerRequestContext;
import dev.actgate.shared.deployment.PublicUrlSettings;
import jakarta.inject.Singleton;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one approval check of the engine, called once per dispatch after the action, connection and input are
 * resolved and before anything is sent. It finds the first matching rule of the workspace's policy and:
 * <ul>
 *   <li>{@code block}: 403 ACTION_BLOCKED naming the rule;</li>
 *   <li>{@code notify_only}: queues an {@code action.notified} webhook event and lets the run go on;</li>
 *   <li>{@code auto_approve} or no match: lets the run go on;</li>
 *   <li>{@code require_approval}: without an approval for this retry key, creates one and throws
 *       {@link ApprovalRequiredException} (answered 202); with an approved one for the same request, marks it
 *       consumed with a conditional write — only one retry ever gets past — and lets the run go on.</li>
 * </ul>
 */
@Singleton
public class ApprovalGate {
    public static final String LINK_PURPOSE = "approval";
    public static final String PAGE_PATH = "/screens/approval/";
    /** An approval that was decided late may still be used this long after the decision. */
    static final Duration USE_AFTER_DECISION = Duration.ofHours(1);

    private final ApprovalRepository repository;
    private final ApprovalSettings settings;
    private final WorkspaceTokenVerifier tokens;
    private final BeanProvider<WebhookNotifier> notifier;
    private final ObjectMapper json;
    private final String publicUrl;
    /** A workspace's rules for {@code policy-cache-ms}, at most 10,000 workspaces (least used first out). */
    private final Cache<String, List<PolicyRule>> cache;

    public ApprovalGate(ApprovalRepository repository, ApprovalSettings settings, WorkspaceTokenVerifier tokens,
                        BeanProvider<WebhookNotifier> notifier, ObjectMapper json, PublicUrlSettings publicUrl) {
        this.repository = repository;
        this.settings = settings;
        this.cache = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfterWrite(java.time.Duration.ofMillis(Math.max(1, settings.policyCacheMs()))).build();
        this.tokens = tokens;
        this.notifier = notifier;
        this.json = json;
        this.publicUrl = publicUrl.publicUrl();
    }

    /**
     * Checks one dispatch. Returns a line for the run log when a rule let it through (approved, notified,
     * auto-approved), empty when no rule matched; throws when the dispatch may not run now.
     */
    public Optional<String> check(GatedRequest r) {
        List<PolicyRule> rules = rules(r.workspaceId());
        if (rules.isEmpty()) {
            return Optional.empty();
        }
        PolicyRule rule = PolicyMatcher.firstMatch(rules, r).orElse(null);
        if (rule == null) {
            return Optional.empty();
        }
        return switch (rule.decision()) {
            case AUTO_APPROVE -> Optional.of("Approval policy '" + rule.name() + "': auto_approve");
            case BLOCK -> throw new ApiException(ErrorCode.ACTION_BLOCKED, "Blocked by approval policy '" + rule.name() + "'",
                Map.of("policy", policyRef(rule)));
            case NOTIFY_ONLY -> {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("policy", policyRef(rule));
                data.put("tenantKey", r.tenantKey());
                data.put("runId", r.runId());
                data.put("request", summary(r));
                notify(r.workspaceId(), "action.notified", data);
                yield Optional.of("Approval policy '" + rule.name() + "': notify_only (webhook event queued)");
            }
            case REQUIRE_APPROVAL -> Optional.of(requireApproval(r, rule));
        };
    }

    private String requireApproval(GatedRequest r, PolicyRule rule) {
        String fingerprint = RequestFingerprint.of(r);
        Instant now = Instant.now();
        String key = r.idempotencyKey();
        if (key != null) {
            Optional<Approval> existing = repository.findByKey(r.workspaceId(), r.tenantKey(), key);
            if (existing.isPresent()) {
                return onExisting(existing.get(), fingerprint, r, now, true);
            }
        } else {
            key = "apr-retry-" + Ids.randomToken(18);
        }
        int minutes = rule.expiresInMinutes() != null ? rule.expiresInMinutes() : settings.defaultExpiresMinutes();
        Instant expires = now.plus(Duration.ofMinutes(minutes));
        long purgeAt = expires.plus(USE_AFTER_DECISION).plus(Duration.ofDays(settings.retentionDays())).getEpochSecond();
        Approval fresh = new Approval(Ids.newId("apr"), r.workspaceId(), r.tenantKey(), Approval.PENDING, key, fingerprint,
            rule.id(), rule.name(), summary(r), r.runId(), now, expires, null, null, null, Ids.randomToken(16), purgeAt);
        Approval stored = repository.create(fresh);
        if (!stored.id().equals(fresh.id())) {
            return onExisting(stored, fingerprint, r, now, true);   // a concurrent first request created it
        }
        Map<String, Object> event = new LinkedHashMap<>(publicView(stored, now));
        event.put("approvalUrl", approvalUrl(r.workspaceKey(), stored));
        event.put("request", stored.request());
        event.put("tenantKey", stored.tenantKey());
        notify(r.workspaceId(), "approval.requested", event);
        throw required(r.workspaceKey(), stored, now);
    }

    private String onExisting(Approval a, String fingerprint, GatedRequest r, Instant now, boolean retryOnRace) {
        if (!a.fingerprint().equals(fingerprint)) {
            throw new ApiException(ErrorCode.IDEMPOTENCY_KEY_REUSED, "This idempotency key belongs to approval " + a.id()
                + " for a different request (action, connection, input or api call changed); a changed request needs "
                + "its own approval: send it with a new idempotency key", Map.of("approvalId", a.id()));
        }
        switch (a.effectiveStatus(now)) {
            case Approval.PENDING -> throw required(r.workspaceKey(), a, now);
            case Approval.EXPIRED -> throw new ApiException(ErrorCode.APPROVAL_EXPIRED, "Approval " + a.id()
                + " expired at " + a.expiresAt() + " without a decision; send the request with a new idempotency key to ask again",
                publicView(a, now));
            case Approval.DENIED -> throw new ApiException(ErrorCode.APPROVAL_DENIED, "Approval " + a.id() + " was denied"
                + (a.decision() != null && a.decision().comment() != null ? ": " + a.decision().comment() : ""), publicView(a, now));
            case Approval.CONSUMED -> {
                boolean recent = a.consumedAt() != null && a.consumedAt().isAfter(now.minusSeconds(60));
                if (recent) {
                    throw new ApiException(ErrorCode.IDEMPOTENCY_IN_PROGRESS, "Approval " + a.id() + " is being used by run "
                        + a.consumedByRunId() + "; retry with the same idempotency key for its answer",
                        Map.of("approvalId", a.id(), "runId", String.valueOf(a.consumedByRunId()))).withHeader("Retry-After", "1");
                }
                throw new ApiException(ErrorCode.IDEMPOTENCY_KEY_REUSED, "Approval " + a.id() + " was already used by run "
                    + a.consumedByRunId() + "; an approval runs its request once. Send a new idempotency key to ask again",
                    Map.of("approvalId", a.id(), "runId", String.valueOf(a.consumedByRunId())));
            }
            case Approval.APPROVED -> {
                Instant usableUntil = a.expiresAt();
                if (a.decision() != null && a.decision().at().plus(USE_AFTER_DECISION).isAfter(usableUntil)) {
                    usableUntil = a.decision().at().plus(USE_AFTER_DECISION);
                }
                if (now.isAfter(usableUntil)) {
                    throw new ApiException(ErrorCode.APPROVAL_EXPIRED, "Approval " + a.id() + " was approved but not used before "
                        + usableUntil + "; send the request with a new idempotency key to ask again", publicView(a, now));
                }
                if (repository.transition(a.consumed(now, r.runId()), Approval.APPROVED, null)) {
                    Approval.Decision d = a.decision();
                    return "Approved (" + a.id() + ") by " + (d == null ? "?" : d.by()) + " via " + (d == null ? "?" : d.via())
                        + " at " + (d == null ? "?" : d.at()) + (d != null && d.comment() != null ? ": " + d.comment() : "");
                }
                Approval now2 = repository.find(a.workspaceId(), a.id()).orElseThrow(() ->
                    new ApiException(ErrorCode.APPROVAL_NOT_FOUND, "Approval " + a.id() + " no longer exists"));
                if (retryOnRace) {
                    return onExisting(now2, fingerprint, r, now, false);
                }
                throw new ApiException(ErrorCode.IDEMPOTENCY_IN_PROGRESS, "Approval " + a.id() + " changed while it was being used; retry")
                    .withHeader("Retry-After", "1");
            }
            default -> throw new ApiException(ErrorCode.INTERNAL_ERROR, "Approval " + a.id() + " is in an unknown state");
        }
    }

    /** The rules of a workspace, from a short cache. */
    public List<PolicyRule> rules(String workspaceId) {
        if (settings.policyCacheMs() <= 0) {
            return repository.policies(workspaceId).rules();
        }
        return cache.get(workspaceId, id -> repository.policies(id).rules());
    }

    /** Written through this function: the next dispatch here sees the new rules. */
    public void invalidate(String workspaceId) {
        cache.invalidate(workspaceId);
    }

    ApprovalRequiredException required(String workspaceKey, Approval a, Instant now) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", a.id());
        view.put("status", Approval.PENDING);
        view.put("approvalUrl", approvalUrl(workspaceKey, a));
        view.put("expiresAt", a.expiresAt().toString());
        view.put("retry", Map.of("idempotencyKey", a.idempotencyKey()));
        Map<String, Object> logged = new LinkedHashMap<>(publicView(a, now));
        logged.remove("approvalUrl");
        return new ApprovalRequiredException("Approval policy '" + a.policyName() + "' holds this action until a person approves it; "
            + "after approval, send the same request with idempotency key '" + a.idempotencyKey() + "'", view, logged);
    }

    /** What callers and logs may see of an approval: no link, no fingerprint. */
    public Map<String, Object> publicView(Approval a, Instant now) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", a.id());
        v.put("status", a.effectiveStatus(now));
        v.put("expiresAt", a.expiresAt().toString());
        v.put("retry", Map.of("idempotencyKey", a.idempotencyKey()));
        v.put("policy", Map.of("id", String.valueOf(a.policyId()), "name", a.policyName()));
        if (a.decision() != null) {
            v.put("decision", json.valueToTree(a.decision()));
        }
        return v;
    }

    /** The hosted page's link: a purpose-bound token signed with the workspace secret, valid until the approval expires. */
    public String approvalUrl(String workspaceKey, Approval a) {
        if (a.linkId() == null) {
            return null;
        }
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
            .claim("workspaceKey", workspaceKey)
            .claim("tenantKey", a.tenantKey())
            .claim(WorkspaceTokenVerifier.PURPOSE_CLAIM, LINK_PURPOSE)
            .claim("approvalId", a.id())
            .jwtID(a.linkId())
            .expirationTime(Date.from(a.expiresAt()))
            .build();
        String token = tokens.signForWorkspace(workspaceKey, claims);
        return baseUrl() + PAGE_PATH + a.id() + "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }

    /** The configured public URL, else what the current request says (API Gateway's host, https). */
    public String baseUrl() {
        if (publicUrl != null && !publicUrl.isBlank()) {
            return publicUrl.replaceAll("/$", "");
        }
        Optional<HttpRequest<Object>> current = ServerRequestContext.currentRequest();
        String host = current.map(q -> q.getHeaders().get("Host")).orElse(null);
        String proto = current.map(q -> q.getHeaders().get("X-Forwarded-Proto")).orElse(null);
        return (proto == null ? "https" : proto) + "://" + (host == null ? "localhost" : host);
    }

    void notify(String workspaceId, String type, Object data) {
        if (notifier.isPresent()) {
            notifier.get().notify(workspaceId, type, data);
        }
    }

    private static Map<String, String> policyRef(PolicyRule rule) {
        return Map.of("id", String.valueOf(rule.id()), "name", rule.name());
    }

    /** What will run, in the words of the API, with the connection's secrets removed. */
    JsonNode summary(GatedRequest r) {
        ObjectNode s = json.createObjectNode();
        s.put("door", r.door());
        if (r.actionId() != null || r.actionKey() != null) {
            ObjectNode a = s.putObject("action");
            a.put("id", r.actionId());
            a.put("key", r.actionKey());
            a.put("name", r.actionName());
            a.put("type", r.actionType());
            if (r.actionRevision() != null) {
                a.put("revision", r.actionRevision());
            }
        } else {
            s.putObject("action").put("type", r.actionType());
        }
        s.putObject("connection").put("id", r.connectionId()).put("key", r.connectionKey());
        s.putObject("integration").put("id", r.integrationId()).put("key", r.integrationKey()).put("connectorKey", r.connectorKey());
        if (r.input() != null && !r.input().isNull()) {
            s.set("input", r.redactor() == null ? r.input() : r.redactor().apply(r.input()));
        }
        if (r.api() != null) {
            s.set("api", r.redactor() == null ? r.api() : r.redactor().apply(r.api()));
        }
        if (r.code() != null) {
            s.put("code", r.code().length() > 4000 ? r.code().substring(0, 4000) + "…" : r.code());
        }
        return s;
    }
}
