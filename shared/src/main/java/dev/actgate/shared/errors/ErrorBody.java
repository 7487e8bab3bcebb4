package dev.actgate.shared.errors;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The single error shape of the whole API:
 * {@code { type, key?, code, message, attribution, data?, actionRunId? }}.
 * {@code type} and {@code key} follow the official SDK's vocabulary; {@code code} is actgate's stable UPPER_SNAKE
 * code; {@code attribution} says whether the caller, actgate or the external app caused it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(String type, String key, String code, String message, String attribution, Object data,
                        String actionRunId) {

    public static ErrorBody of(ErrorCode code, String message) {
        return new ErrorBody(code.type().wire(), code.key(), code.name(), message, code.attribution().wire(), null, null);
    }
}
