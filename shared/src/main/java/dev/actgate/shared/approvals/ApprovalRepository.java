package dev.actgate.shared.approvals;

import dev.actgate.shared.credentials.SealedSecret;
import dev.actgate.shared.storage.Page;
import dev.actgate.shared.storage.PageRequest;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Approval policies, approvals and the approval webhook of each workspace. */
public interface ApprovalRepository {

    /** The workspace's ordered rules and their version (0 when none were ever written). */
    Policies policies(String workspaceId);

    /** Replaces the rules if they are still at {@code expectedVersion}; false when someone else wrote first. */
    boolean savePolicies(String workspaceId, List<PolicyRule> rules, long expectedVersion);

    /**
     * Stores a new approval together with its retry-key pointer, both only if absent. Returns the approval that
     * holds the key: the new one, or the one a concurrent request created first.
     */
    Approval create(Approval approval);

    Optional<Approval> find(String workspaceId, String id);

    Optional<Approval> findByKey(String workspaceId, String tenantKey, String idempotencyKey);

    /**
     * Writes {@code next} only if the stored approval is still in {@code expectedStatus} (and, when
     * {@code expectedLinkId} is set, still has that unused link id). False when the condition failed.
     */
    boolean transition(Approval next, String expectedStatus, String expectedLinkId);

    /** Newest first. {@code tenantKey} null lists the whole workspace. */
    Page<Approval> list(String workspaceId, String tenantKey, Filter filter, PageRequest page);

    Optional<Webhook> webhook(String workspaceId);

    void saveWebhook(String workspaceId, Webhook webhook);

    void deleteWebhook(String workspaceId);

    record Policies(List<PolicyRule> rules, long version) {
    }

    /** A status of "expired" means pending past expiresAt. */
    record Filter(String status, String tenantKey, String actionKey, String actionId, Instant from, Instant to) {
    }

    /** The workspace's approval webhook: where events go and the sealed signing secret. */
    record Webhook(String url, SealedSecret secret, Instant createdAt) {
    }
}
