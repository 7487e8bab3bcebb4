package dev.actgate.shared.approvals;

import dev.actgate.shared.json.TypedRequest;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.constraints.Size;

/** The typed bodies of the approval routes (docs/typed-requests.md). */
public final class ApprovalRequests {
    private ApprovalRequests() {
    }

    /**
     * {@code POST /approvals/{id}/approve|deny}: an optional comment. Lenient, as it always was: a client that sends
     * more (a reason code of its own) is not refused.
     */
    @TypedRequest(strict = false)
    public record Decision(@Nullable @Size(max = ApprovalService.MAX_COMMENT, message = "must be a string of at most "
        + ApprovalService.MAX_COMMENT + " characters") String comment) {
    }

    /** {@code PUT /approval-webhook}: where events go, and optionally the signing secret (else one is generated). */
    @TypedRequest
    public record Webhook(@Nullable String url, @Nullable String secret) {
    }
}
