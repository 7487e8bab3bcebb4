package dev.actgate.shared.agents;

import dev.actgate.shared.errors.ApiException;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The URL filters of {@code /mcp} and {@code /tools}: {@code ?connectionKey=a,b}, {@code ?integrationKey=x,y},
 * {@code ?actions=k1,k2} (action keys, catalog action ids or tool names) and {@code ?mode=static|search}. They
 * narrow the list; they are not the security check (the list only ever holds the caller's own connections).
 */
public record ToolFilter(Set<String> connectionKeys, Set<String> integrationKeys, Set<String> actions, Mode mode) {
    public enum Mode { STATIC, SEARCH }

    static final int MAX_VALUES = 100;

    public static ToolFilter none() {
        return new ToolFilter(Set.of(), Set.of(), Set.of(), Mode.STATIC);
    }

    public static ToolFilter of(String connectionKeys, String integrationKeys, String actions, String mode) {
        Mode m;
        if (mode == null || mode.isBlank() || mode.equalsIgnoreCase("static")) {
            m = Mode.STATIC;
        } else if (mode.equalsIgnoreCase("search")) {
            m = Mode.SEARCH;
        } else {
            throw ApiException.validation("mode must be static or search (got '" + mode.replaceAll("\\p{Cntrl}", "?") + "')");
        }
        return new ToolFilter(list(connectionKeys, "connectionKey"), list(integrationKeys, "integrationKey"), list(actions, "actions"), m);
    }

    private static Set<String> list(String raw, String what) {
        if (raw == null || raw.isBlank()) {
            return Set.of();
        }
        List<String> values = Arrays.stream(raw.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (values.size() > MAX_VALUES || values.stream().anyMatch(v -> v.length() > 256)) {
            throw ApiException.validation(what + " takes at most " + MAX_VALUES + " comma-separated values of up to 256 characters");
        }
        return new TreeSet<>(values);
    }

    public boolean keeps(AgentTool tool) {
        AgentTool.Target t = tool.target();
        if (tool.kind() == AgentTool.Kind.FIXTURE) {
            return true;
        }
        if (t == null) {
            // api_request: it names its connection per call; it stays unless actions= leaves it out
            return actions.isEmpty() || actions.contains(tool.name());
        }
        if (!connectionKeys.isEmpty() && !connectionKeys.contains(t.connectionKey())) {
            return false;
        }
        if (!integrationKeys.isEmpty() && !integrationKeys.contains(t.integrationKey())) {
            return false;
        }
        return actions.isEmpty() || actions.contains(tool.name()) || (t.actionKey() != null && actions.contains(t.actionKey()))
            || actions.contains(t.actionId());
    }

    /** A canonical text of the filters, for cursors (a cursor only continues the list it came from). */
    public String canonical() {
        return "c=" + String.join(",", connectionKeys) + "&i=" + String.join(",", integrationKeys) + "&a=" + String.join(",", actions)
            + "&m=" + mode.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return canonical();
    }

    static String joined(Set<String> s) {
        return s.stream().collect(Collectors.joining(","));
    }
}
