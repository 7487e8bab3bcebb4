package dev.actgate.shared.errors;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one exception type that becomes an error response. Carries a stable {@link ErrorCode}, a message safe to
 * show the caller (never a secret), optional structured {@code data}, and the run id when a run log exists.
 */
public class ApiException extends RuntimeException {
    private final ErrorCode code;
    private final transient Object data;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private String actionRunId;

    public ApiException(ErrorCode code, String message) {
        this(code, message, null, null);
    }

    public ApiException(ErrorCode code, String message, Object data) {
        this(code, message, data, null);
    }

    public ApiException(ErrorCode code, String message, Object data, Throwable cause) {
        super(message, cause, false, false);
        this.code = code;
        this.data = data;
    }

    public static ApiException validation(String message) {
        return new ApiException(ErrorCode.VALIDATION_ERROR, message);
    }

    public static ApiException validation(String message, Object data) {
        return new ApiException(ErrorCode.VALIDATION_ERROR, message, data);
    }

    public static ApiException notFound(ErrorCode code, String what, String selector) {
        return new ApiException(code, what + " '" + selector + "' not found");
    }

    public ErrorCode code() {
        return code;
    }

    public Object data() {
        return data;
    }

    public String actionRunId() {
        return actionRunId;
    }

    public ApiException withActionRunId(String id) {
        this.actionRunId = id;
        return this;
    }

    public ApiException withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public ErrorBody toBody() {
        return new ErrorBody(code.type().wire(), code.key(), code.name(), getMessage(), code.attribution().wire(), data,
            actionRunId);
    }
}
