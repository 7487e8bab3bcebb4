package dev.actgate.shared.errors;

import static dev.actgate.shared.errors.Attribution.ACTGATE;
import static dev.actgate.shared.errors.Attribution.CALLER;
import static dev.actgate.shared.errors.Attribution.EXTERNAL_APP;

/**
 * Every stable error code actgate returns, with its HTTP status, SDK type, SDK key and attribution.
 * Codes never change meaning once shipped: callers branch on them.
 */
public enum ErrorCode {
    VALIDATION_ERROR(400, ErrorType.BAD_REQUEST, null, CALLER),
    MALFORMED_JSON(400, ErrorType.BAD_REQUEST, null, CALLER),
    UNAUTHORIZED(401, ErrorType.BAD_REQUEST, "not_authenticated", CALLER),
    FORBIDDEN(403, ErrorType.BAD_REQUEST, "access_denied", CALLER),
    NOT_FOUND(404, ErrorType.BAD_REQUEST, "not_found", CALLER),
    METHOD_NOT_ALLOWED(405, ErrorType.BAD_REQUEST, null, CALLER),
    NOT_ACCEPTABLE(406, ErrorType.BAD_REQUEST, null, CALLER),
    ALREADY_EXISTS(409, ErrorType.BAD_REQUEST, "already_exists", CALLER),
    PAYLOAD_TOO_LARGE(413, ErrorType.BAD_REQUEST, null, CALLER),
    UNSUPPORTED_MEDIA_TYPE(415, ErrorType.BAD_REQUEST, null, CALLER),
    IDEMPOTENCY_KEY_REUSED(422, ErrorType.BAD_REQUEST, null, CALLER),
    IDEMPOTENCY_IN_PROGRESS(409, ErrorType.CONCURRENCY, "lock_timeout", CALLER),
    RATE_LIMITED(429, ErrorType.BAD_REQUEST, "rate_limit_exceeded", CALLER),

    INTEGRATION_NOT_FOUND(404, ErrorType.BAD_REQUEST, "not_found", CALLER),
    CONNECTOR_NOT_FOUND(404, ErrorType.BAD_REQUEST, "not_found", CALLER),
    ACTION_NOT_FOUND(404, ErrorType.BAD_REQUEST, "not_found", CALLER),
    ACTION_AMBIGUOUS(400, ErrorType.BAD_REQUEST, null, CALLER),
    RUN_LOG_NOT_FOUND(404, ErrorType.BAD_REQUEST, "not_found", CALLER),
    CONNECTION_NOT_FOUND(404, ErrorType.BAD_REQUEST, "not_found", CALLER),
    CONNECTION_REQUIRED(400, ErrorType.BAD_REQUEST, null, CALLER),
    CONNECTION_AMBIGUOUS(400, ErrorType.BAD_REQUEST, null, CALLER),
    CONNECTION_DISCONNECTED(409, ErrorType.CONNECTION, "connection_is_defunct", EXTERNAL_APP),
    CONNECTION_NOT_READY(409, ErrorType.CONNECTION, null, CALLER),
    UNSAFE_REQUEST_PATH(400, ErrorType.BAD_REQUEST, null, CALLER),
    /** The destination's resolved address is outside the deployment's egress policy; nothing was sent. */
    EGRESS_DENIED(400, ErrorType.BAD_REQUEST, null, CALLER),
    /** An approval policy holds this action until a person approves it (answered as 202, not an error). */
    APPROVAL_REQUIRED(202, ErrorType.ACTION_RUN, null, CALLER),
    APPROVAL_DENIED(403, ErrorType.ACTION_RUN, "access_denied", CALLER),
    APPROVAL_EXPIRED(403, ErrorType.ACTION_RUN, null, CALLER),
    APPROVAL_NOT_FOUND(404, ErrorType.BAD_REQUEST, "not_found", CALLER),
    /** A decision on an approval that someone already approved or denied (or whose request already ran). */
    APPROVAL_ALREADY_DECIDED(409, ErrorType.BAD_REQUEST, null, CALLER),
    /** An approval policy with decision {@code block} matched. */
    ACTION_BLOCKED(403, ErrorType.ACTION_RUN, "access_denied", CALLER),

    UPSTREAM_ERROR(424, ErrorType.ACTION_RUN, null, EXTERNAL_APP),
    UPSTREAM_TIMEOUT(504, ErrorType.ACTION_RUN, null, EXTERNAL_APP),
    UPSTREAM_UNREACHABLE(502, ErrorType.ACTION_RUN, null, EXTERNAL_APP),
    UPSTREAM_RATE_LIMITED(429, ErrorType.CONNECTION, "rate_limit_exceeded", EXTERNAL_APP),
    IN_DOUBT(504, ErrorType.ACTION_RUN, null, EXTERNAL_APP),
    OAUTH_ERROR(502, ErrorType.CONNECTION, null, EXTERNAL_APP),
    CUSTOM_CODE_ERROR(422, ErrorType.CUSTOM_CODE, null, CALLER),
    CUSTOM_CODE_TIMEOUT(422, ErrorType.CUSTOM_CODE, null, CALLER),
    OUTPUT_TOO_LARGE(422, ErrorType.ACTION_RUN, null, CALLER),

    CONFIGURATION_ERROR(422, ErrorType.CONFIGURATION, null, ACTGATE),
    STORAGE_UNAVAILABLE(503, ErrorType.DEPENDENCY_ERROR, null, ACTGATE),
    INTERNAL_ERROR(500, ErrorType.INTERNAL, null, ACTGATE);

    private final int status;
    private final ErrorType type;
    private final String key;
    private final Attribution attribution;

    ErrorCode(int status, ErrorType type, String key, Attribution attribution) {
        this.status = status;
        this.type = type;
        this.key = key;
        this.attribution = attribution;
    }

    public int status() {
        return status;
    }

    public ErrorType type() {
        return type;
    }

    public String key() {
        return key;
    }

    public Attribution attribution() {
        return attribution;
    }
}
