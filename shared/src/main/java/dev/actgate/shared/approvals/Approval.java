package dev.actgate.shared.approvals;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * One held dispatch waiting for (or past) a person's decision. Bound to the request's {@link RequestFingerprint}
 * and to the caller's retry key (an idempotency key, scoped to the tenant). Stored statuses:
 * {@code pending → approved → consumed} or {@code pending → denied}; "expired" is a pending approval past
 * {@code expiresAt} (see {@link #effectiveStatus}).
 *
 * @param request what will run, already redacted: door, action, connection, integration, input, api, code
 * @param runId   the run log of the request that was held
 * @param linkId  the single-use id of the hosted page link; null once the link was used
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Approval(String id, String workspaceId, String tenantKey, String status, String idempotencyKey, String fingerprint,
                       String policyId, String policyName, JsonNode request, String runId, Instant requestedAt, Instant expiresAt,
                       Decision decision, Instant consumedAt, String consumedByRunId, String linkId, long purgeAt) {

    public static final String PENDING = "pending";
    public static final String APPROVED = "approved";
    public static final String DENIED = "denied";
    public static final String CONSUMED = "consumed";
    public static final String EXPIRED = "expired";

    /** Who decided, when, how (api or page) and why. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Decision(String status, String by, String via, Instant at, String comment) {
    }

    @JsonIgnore
    public String effectiveStatus(Instant now) {
        return PENDING.equals(status) && now.isAfter(expiresAt) ? EXPIRED : status;
    }

    public Approval decided(Decision d) {
        return new Approval(id, workspaceId, tenantKey, d.status(), idempotencyKey, fingerprint, policyId, policyName, request, runId,
            requestedAt, expiresAt, d, consumedAt, consumedByRunId, null, purgeAt);
    }

    public Approval consumed(Instant at, String byRun) {
        return new Approval(id, workspaceId, tenantKey, CONSUMED, idempotencyKey, fingerprint, policyId, policyName, request, runId,
            requestedAt, expiresAt, decision, at, byRun, null, purgeAt);
    }
}
