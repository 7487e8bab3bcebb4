package dev.actgate.shared.approvals;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides which rule of a policy applies to a dispatch: the first whose every set field fits. Pure (no I/O), so it
 * is tested on its own and costs microseconds on the hot path.
 */
public final class PolicyMatcher {
    private PolicyMatcher() {
    }

    public static Optional<PolicyRule> firstMatch(List<PolicyRule> rules, GatedRequest request) {
        for (PolicyRule rule : rules) {
            if (matches(rule.match(), request)) {
                return Optional.of(rule);
            }
        }
        return Optional.empty();
    }

    public static boolean matches(PolicyRule.Match m, GatedRequest r) {
        if (m == null) {
            return true;
        }
        return exact(m.actionKey(), r.actionKey())
            && exact(m.actionId(), r.actionId())
            && exact(m.actionType(), r.actionType())
            && exact(m.integrationKey(), r.integrationKey())
            && exact(m.connectorKey(), r.connectorKey())
            && exact(m.connectionKey(), r.connectionKey())
            && exact(m.tenantKey(), r.tenantKey())
            && method(m.method(), r.method())
            && path(m.path(), r.path())
            && input(m.input(), r.subject());
    }

    private static boolean exact(List<String> accepted, String actual) {
        return accepted == null || accepted.isEmpty() || actual != null && accepted.contains(actual);
    }

    private static boolean method(List<String> accepted, String actual) {
        if (accepted == null || accepted.isEmpty()) {
            return true;
        }
        return actual != null && (accepted.contains("*") || accepted.contains(actual.toUpperCase(Locale.ROOT)));
    }

    private static boolean path(List<String> patterns, String actual) {
        if (patterns == null || patterns.isEmpty()) {
            return true;
        }
        if (actual == null) {
            return false;
        }
        for (String p : patterns) {
            if (PathPattern.matches(p, actual)) {
                return true;
            }
        }
        return false;
    }

    private static boolean input(List<PolicyRule.InputPredicate> tests, JsonNode subject) {
        if (tests == null) {
            return true;
        }
        for (PolicyRule.InputPredicate t : tests) {
            if (!test(t, subject)) {
                return false;
            }
        }
        return true;
    }

    static boolean test(PolicyRule.InputPredicate t, JsonNode subject) {
        JsonNode actual = subject == null ? null : subject.at(JsonPointer.compile(t.pointer()));
        boolean present = actual != null && !actual.isMissingNode() && !actual.isNull();
        return switch (t.op()) {
            case "exists" -> present == (t.value() == null || t.value().asBoolean());
            case "eq" -> present && same(actual, t.value());
            case "ne" -> !present || !same(actual, t.value());
            case "gt", "gte", "lt", "lte" -> {
                BigDecimal a = present ? number(actual) : null;
                BigDecimal b = number(t.value());
                if (a == null || b == null) {
                    yield false;
                }
                int c = a.compareTo(b);
                yield switch (t.op()) {
                    case "gt" -> c > 0;
                    case "gte" -> c >= 0;
                    case "lt" -> c < 0;
                    default -> c <= 0;
                };
            }
            case "in" -> {
                if (!present) {
                    yield false;
                }
                for (JsonNode v : t.value()) {
                    if (same(actual, v)) {
                        yield true;
                    }
                }
                yield false;
            }
            case "contains" -> {
                if (!present) {
                    yield false;
                }
                if (actual.isArray()) {
                    for (JsonNode v : actual) {
                        if (same(v, t.value())) {
                            yield true;
                        }
                    }
                    yield false;
                }
                yield actual.isTextual() && t.value().isTextual()
                    && actual.asText().toLowerCase(Locale.ROOT).contains(t.value().asText().toLowerCase(Locale.ROOT));
            }
            default -> false;
        };
    }

    /** Equal as JSON; numbers by value (1000 = 1000.0 = "1000"), so a number sent as text cannot dodge a rule. */
    static boolean same(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return false;
        }
        BigDecimal x = number(a);
        BigDecimal y = number(b);
        if ((a.isNumber() || b.isNumber()) && x != null && y != null) {
            return x.compareTo(y) == 0;
        }
        return a.equals(b);
    }

    /** A number, or a string that is exactly one; else null. */
    static BigDecimal number(JsonNode n) {
        if (n == null) {
            return null;
        }
        if (n.isNumber()) {
            return n.decimalValue();
        }
        if (n.isTextual()) {
            String s = n.asText().trim();
            if (s.isEmpty() || s.length() > 60) {
                return null;
            }
            try {
                return new BigDecimal(s);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
