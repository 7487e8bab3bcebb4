package dev.actgate.shared.json;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.actgate.shared.errors.ApiException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns what goes wrong while binding a typed body — a Jackson mapping failure or Bean Validation violations — into
 * the API's one error: VALIDATION_ERROR (400) whose {@code data.violations} lists every problem as
 * {@code {pointer, message}} (the same shape the action inputSchema check uses), and whose message reads
 * "field message; field message" as the hand checks did.
 */
public final class BodyErrors {
    private BodyErrors() {
    }

    /** A route whose body is required: no body (or JSON null) is the same 400 the hand checks gave. */
    public static <T> T required(T body) {
        if (body == null) {
            throw noBody();
        }
        return body;
    }

    /** The 400 for a request that has no body where one is required. */
    public static ApiException noBody() {
        return ApiException.validation("A JSON object body is required");
    }

    /** One problem: where (a JSON pointer into the body) and what. */
    public record Violation(String pointer, String message) {
    }

    public static ApiException of(List<Violation> violations) {
        // Two constraints may say the same thing about one field (a size and a not-blank check): say it once.
        List<Violation> sorted = violations.stream().distinct().sorted(Comparator.comparing(Violation::pointer)).toList();
        String text = String.join("; ", sorted.stream().map(v -> label(v.pointer()) + " " + v.message()).toList());
        List<Map<String, String>> data = sorted.stream().map(v -> Map.of("pointer", v.pointer(), "message", v.message())).toList();
        return ApiException.validation(text, Map.of("violations", data));
    }

    /** Bean Validation violations of a {@code @Valid} body; the method and parameter nodes are not part of the body. */
    public static ApiException fromViolations(Collection<? extends ConstraintViolation<?>> violations) {
        List<Violation> out = new ArrayList<>();
        for (ConstraintViolation<?> v : violations) {
            out.add(new Violation(pointer(v.getPropertyPath()), v.getMessage()));
        }
        return of(out);
    }

    static String pointer(Path path) {
        StringBuilder sb = new StringBuilder();
        for (Path.Node node : path) {
            ElementKind kind = node.getKind();
            if (kind == ElementKind.METHOD || kind == ElementKind.PARAMETER || kind == ElementKind.CONSTRUCTOR
                || kind == ElementKind.RETURN_VALUE || kind == ElementKind.CROSS_PARAMETER) {
                continue;
            }
            if (node.isInIterable()) {
                Object at = node.getIndex() != null ? node.getIndex() : node.getKey();
                if (at != null) {
                    sb.append('/').append(escape(String.valueOf(at)));
                }
            }
            if (kind == ElementKind.PROPERTY && node.getName() != null) {
                sb.append('/').append(escape(node.getName()));
            }
        }
        return sb.length() == 0 ? "/" : sb.toString();
    }

    /**
     * A Jackson failure while reading a typed body, or null when it is not one this class explains (malformed JSON
     * keeps the framework's parse message).
     */
    public static ApiException fromJackson(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof StreamConstraintsException) {
                return ApiException.validation("The body is nested deeper than " + RequestBodyMapper.MAX_DEPTH + " levels");
            }
            if (t instanceof RequestBodyMapper.UnknownFieldsException u) {
                String base = pointer(u.getPath());
                List<String> pointers = u.fields().stream().map(f -> (base.equals("/") ? "" : base) + "/" + escape(f)).toList();
                List<String> names = pointers.stream().map(BodyErrors::label).toList();
                List<Map<String, String>> data = pointers.stream()
                    .map(p -> Map.of("pointer", p, "message", "is not a field of this request")).toList();
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("unknownFields", names);
                d.put("violations", data);
                return ApiException.validation("Unknown field(s): " + String.join(", ", names), d);
            }
            if (t instanceof ValueInstantiationException v && v.getCause() instanceof ApiException api) {
                return api;
            }
            if (t instanceof MismatchedInputException m) {
                String pointer = pointer(m.getPath());
                return of(List.of(new Violation(pointer, m.getTargetType() == null ? "has the wrong type" : expected(m.getTargetType(), pointer))));
            }
            if (t instanceof JsonMappingException m && !(t instanceof InvalidFormatException)) {
                return of(List.of(new Violation(pointer(m.getPath()), "is not valid here")));
            }
        }
        return null;
    }

    /** What a value of this Java type looks like in JSON, as the hand checks said it. */
    static String expected(Class<?> type, String pointer) {
        if (type == String.class || type.isEnum()) {
            return "must be a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "must be true or false";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "must be a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "must be a number";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "must be an array";
        }
        if (pointer.equals("/")) {
            return "must be a JSON object";
        }
        return "must be a JSON object";
    }

    static String pointer(List<JsonMappingException.Reference> path) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : path) {
            sb.append('/').append(r.getFieldName() != null ? escape(r.getFieldName()) : String.valueOf(r.getIndex()));
        }
        return sb.length() == 0 ? "/" : sb.toString();
    }

    /** How a pointer reads in a message: the body's top-level fields by name, nested ones as a.b[0].c. */
    static String label(String pointer) {
        if (pointer.equals("/")) {
            return "The body";
        }
        StringBuilder sb = new StringBuilder();
        for (String part : pointer.substring(1).split("/", -1)) {
            String name = part.replace("~1", "/").replace("~0", "~");
            if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
                sb.append('[').append(name).append(']');
            } else {
                sb.append(sb.length() == 0 ? "" : ".").append(name);
            }
        }
        return sb.toString();
    }

    private static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }
}
