package dev.actgate.shared.approvals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.actgate.shared.errors.ApiException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads and validates approval rules as callers write them. Every mistake is a 400 naming the field, so a rule that
 * is stored can always be evaluated (the gate never meets a malformed rule at run time).
 */
public final class PolicyRules {
    public static final int MAX_RULES = 100;
    public static final int MAX_PREDICATES = 20;
    public static final int MAX_VALUES = 50;
    public static final int MAX_EXPIRES_MINUTES = 7 * 24 * 60;
    static final Set<String> TEXT_FIELDS = Set.of("actionKey", "actionId", "actionType", "integrationKey", "connectorKey",
        "connectionKey", "tenantKey", "method", "path");
    static final Set<String> OPS = Set.of("eq", "ne", "gt", "gte", "lt", "lte", "in", "contains", "exists");
    static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");

    private PolicyRules() {
    }

    /**
     * A rule from a request body whose fields {@link PolicyRequest}'s constraints already checked; what is left is
     * what needs more than one field or the tree of {@code match}. {@code id}/{@code createdAt} are the stored ones.
     */
    public static PolicyRule parse(PolicyRequest body, String id, Instant createdAt, Instant now) {
        PolicyRule.Decision decision;
        try {
            decision = PolicyRule.Decision.valueOf(body.decision().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.validation("decision must be one of require_approval, block, notify_only, auto_approve",
                Map.of("field", "decision"));
        }
        if (body.expiresInMinutes() != null && decision != PolicyRule.Decision.REQUIRE_APPROVAL) {
            throw ApiException.validation("expiresInMinutes applies only to decision require_approval", Map.of("field", "expiresInMinutes"));
        }
        return new PolicyRule(id, body.name(), match(body.match()), decision, body.expiresInMinutes(), createdAt, now);
    }

    static PolicyRule.Match match(ObjectNode m) {
        Set<String> allowed = new java.util.HashSet<>(TEXT_FIELDS);
        allowed.add("input");
        unknown(m, allowed, "match.");
        List<String> method = values(m, "method");
        if (method != null) {
            List<String> upper = new ArrayList<>();
            for (String v : method) {
                String u = v.toUpperCase(Locale.ROOT);
                if (!METHODS.contains(u) && !u.equals("*")) {
                    throw ApiException.validation("match.method: '" + v + "' is not an HTTP method", Map.of("field", "match.method"));
                }
                upper.add(u);
            }
            method = upper;
        }
        List<String> path = values(m, "path");
        if (path != null) {
            for (String p : path) {
                if (!p.startsWith("/") || p.length() > 500 || p.contains("?") || p.contains("#")) {
                    throw ApiException.validation("match.path: '" + p + "' must be a path pattern starting with / "
                        + "(no query or fragment; * is one segment, ** any number)", Map.of("field", "match.path"));
                }
                PathPattern.compile(p);
            }
        }
        List<PolicyRule.InputPredicate> input = null;
        if (m.has("input") && !m.get("input").isNull()) {
            JsonNode in = m.get("input");
            if (!in.isArray()) {
                throw ApiException.validation("match.input must be an array of {pointer, op, value}", Map.of("field", "match.input"));
            }
            if (in.size() > MAX_PREDICATES) {
                throw ApiException.validation("match.input may hold at most " + MAX_PREDICATES + " tests");
            }
            input = new ArrayList<>();
            for (int i = 0; i < in.size(); i++) {
                input.add(predicate(in.get(i), "match.input[" + i + "]"));
            }
        }
        return new PolicyRule.Match(values(m, "actionKey"), values(m, "actionId"), values(m, "actionType"), values(m, "integrationKey"),
            values(m, "connectorKey"), values(m, "connectionKey"), values(m, "tenantKey"), method, path, input);
    }

    static PolicyRule.InputPredicate predicate(JsonNode p, String where) {
        if (!(p instanceof ObjectNode o)) {
            throw ApiException.validation(where + " must be an object {pointer, op, value}", Map.of("field", where));
        }
        unknown(o, Set.of("pointer", "op", "value"), where + ".");
        String pointer = text(o, "pointer", true, where + ".pointer");
        if (!pointer.isEmpty() && !pointer.startsWith("/")) {
            throw ApiException.validation(where + ".pointer must be a JSON pointer such as /amount or /items/0/price",
                Map.of("field", where + ".pointer"));
        }
        try {
            com.fasterxml.jackson.core.JsonPointer.compile(pointer);
        } catch (IllegalArgumentException e) {
            throw ApiException.validation(where + ".pointer is not a valid JSON pointer", Map.of("field", where + ".pointer"));
        }
        String op = text(o, "op", true, where + ".op");
        if (!OPS.contains(op)) {
            throw ApiException.validation(where + ".op must be one of " + String.join(", ", new java.util.TreeSet<>(OPS)),
                Map.of("field", where + ".op"));
        }
        JsonNode value = o.get("value");
        switch (op) {
            case "gt", "gte", "lt", "lte" -> {
                if (value == null || !(value.isNumber() || value.isTextual() && PolicyMatcher.number(value) != null)) {
                    throw ApiException.validation(where + ".value must be a number for op " + op, Map.of("field", where + ".value"));
                }
            }
            case "in" -> {
                if (value == null || !value.isArray() || value.size() > MAX_VALUES) {
                    throw ApiException.validation(where + ".value must be an array (at most " + MAX_VALUES + " items) for op in",
                        Map.of("field", where + ".value"));
                }
            }
            case "exists" -> {
                if (value != null && !value.isBoolean()) {
                    throw ApiException.validation(where + ".value must be true or false for op exists", Map.of("field", where + ".value"));
                }
            }
            default -> {
                if (value == null) {
                    throw ApiException.validation(where + ".value is required for op " + op, Map.of("field", where + ".value"));
                }
            }
        }
        return new PolicyRule.InputPredicate(pointer, op, value);
    }

    private static List<String> values(ObjectNode m, String field) {
        JsonNode v = m.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        if (v.isTextual()) {
            out.add(v.asText());
        } else if (v.isArray() && !v.isEmpty() && v.size() <= MAX_VALUES) {
            for (JsonNode x : v) {
                if (!x.isTextual()) {
                    throw ApiException.validation("match." + field + " must be a string or an array of strings", Map.of("field", "match." + field));
                }
                out.add(x.asText());
            }
        } else {
            throw ApiException.validation("match." + field + " must be a string or a non-empty array of at most " + MAX_VALUES
                + " strings", Map.of("field", "match." + field));
        }
        for (String s : out) {
            if (s.isEmpty() || s.length() > 500) {
                throw ApiException.validation("match." + field + " values must be 1-500 characters", Map.of("field", "match." + field));
            }
        }
        return List.copyOf(out);
    }

    private static String text(ObjectNode o, String field, boolean required, String label) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw ApiException.validation(label + " is required", Map.of("field", label));
            }
            return null;
        }
        if (!v.isTextual()) {
            throw ApiException.validation(label + " must be a string", Map.of("field", label));
        }
        return v.asText();
    }

    private static void unknown(ObjectNode o, Set<String> allowed, String prefix) {
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw ApiException.validation("Unknown field " + prefix + f, Map.of("field", prefix + f));
            }
        }
    }
}
