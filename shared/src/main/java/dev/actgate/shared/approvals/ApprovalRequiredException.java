package dev.actgate.shared.approvals;

import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorCode;

/**
 * The engine's signal that an approval policy holds this run: nothing reached the external app. Every door maps it
 * to its own "waiting for approval" answer (/act: 202 {@code {status: "approval_required", approval}}; Weavz's 202
 * {@code approval_required}; MCP: a tool result saying where to approve). {@code approval} is the public view of the
 * pending approval ({@code id, status, approvalUrl, expiresAt, retry: {idempotencyKey}}).
 */
public class ApprovalRequiredException extends ApiException {
    private final transient Object approval;

    public ApprovalRequiredException(String message, Object approval) {
        super(ErrorCode.APPROVAL_REQUIRED, message, approval);
        this.approval = approval;
    }

    /**
     * @param logged what run logs and stored idempotent answers may keep ({@code data} of the error body): the
     *               approval without its link, which is a capability to decide
     */
    public ApprovalRequiredException(String message, Object approval, Object logged) {
        super(ErrorCode.APPROVAL_REQUIRED, message, logged);
        this.approval = approval;
    }

    public Object approval() {
        return approval;
    }
}
