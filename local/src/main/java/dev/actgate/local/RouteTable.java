package dev.actgate.local;

import dev.actgate.testing.SamTemplate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * API Gateway HTTP API route selection over template.yaml's routes: the most specific path wins (literal segments
 * over {@code {param}} over {@code {proxy+}}), an exact method over {@code ANY}.
 */
final class RouteTable {
    record Match(SamTemplate.Route route, Map<String, String> pathParameters) {
        String routeKey() {
            return route.method() + " " + route.path();
        }
    }

    private final List<SamTemplate.Route> routes;

    RouteTable(List<SamTemplate.Route> routes) {
        this.routes = new ArrayList<>(routes);
        this.routes.sort(Comparator.comparingInt(RouteTable::specificity).reversed());
    }

    private static int specificity(SamTemplate.Route r) {
        int score = 0;
        for (String seg : segments(r.path())) {
            score = score * 4 + (seg.endsWith("+}") ? 0 : seg.startsWith("{") ? 1 : 2);
        }
        return score * 2 + (r.method().equals("ANY") ? 0 : 1) + segments(r.path()).length * 1000;
    }

    private static String[] segments(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
    }

    Match match(String method, String rawPath) {
        String[] actual = segments(rawPath);
        Match best = null;
        for (SamTemplate.Route r : routes) {
            if (!r.method().equals(method) && !r.method().equals("ANY")) {
                continue;
            }
            Map<String, String> params = matchPath(segments(r.path()), actual);
            if (params != null && (best == null || better(r, best.route))) {
                best = new Match(r, params);
            }
        }
        return best;
    }

    private static boolean better(SamTemplate.Route candidate, SamTemplate.Route current) {
        return specificityFor(candidate) > specificityFor(current);
    }

    private static int specificityFor(SamTemplate.Route r) {
        int literal = 0;
        boolean greedy = false;
        for (String seg : segments(r.path())) {
            if (seg.endsWith("+}")) {
                greedy = true;
            } else if (!seg.startsWith("{")) {
                literal++;
            }
        }
        return (greedy ? 0 : 100_000) + literal * 100 + (r.method().equals("ANY") ? 0 : 1);
    }

    private static Map<String, String> matchPath(String[] pattern, String[] actual) {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < pattern.length; i++) {
            String p = pattern[i];
            if (p.startsWith("{") && p.endsWith("+}")) {
                if (i >= actual.length) {
                    return null;
                }
                params.put(p.substring(1, p.length() - 2), String.join("/", java.util.Arrays.copyOfRange(actual, i, actual.length)));
                return params;
            }
            if (i >= actual.length) {
                return null;
            }
            if (p.startsWith("{") && p.endsWith("}")) {
                if (actual[i].isEmpty()) {
                    return null;
                }
                params.put(p.substring(1, p.length() - 1), dev.actgate.shared.upstream.PercentEncoding.decode(actual[i]));
            } else if (!p.equals(actual[i])) {
                return null;
            }
        }
        return pattern.length == actual.length ? params : null;
    }
}
