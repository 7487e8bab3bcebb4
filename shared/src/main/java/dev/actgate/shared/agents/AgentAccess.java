package dev.actgate.shared.agents;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Locale;
import java.util.Set;

/**
 * What AI agents (MCP, {@code GET /tools}, {@code POST /tools/execute}) may see of a workspace: a workspace setting.
 *
 * @param actions        {@code all} (default: catalog and saved actions), {@code catalog}, {@code saved} or {@code none}
 * @param apiRequestTool also offer the generic {@code api_request} tool (an inline {@code api} call through a
 *                       connection). Off by default: inline requests are never tools unless the workspace says so.
 */
public record AgentAccess(String actions, boolean apiRequestTool) {
    public static final String ALL = "all";
    public static final String CATALOG = "catalog";
    public static final String SAVED = "saved";
    public static final String NONE = "none";
    public static final Set<String> VALUES = Set.of(ALL, CATALOG, SAVED, NONE);

    public AgentAccess {
        actions = actions == null ? ALL : actions.toLowerCase(Locale.ROOT);
        if (!VALUES.contains(actions)) {
            throw new IllegalArgumentException("agent actions must be one of all, catalog, saved, none (got '" + actions + "')");
        }
    }

    @JsonCreator
    static AgentAccess read(@JsonProperty("actions") String actions, @JsonProperty("apiRequestTool") Boolean apiRequestTool) {
        return new AgentAccess(actions, Boolean.TRUE.equals(apiRequestTool));
    }

    public static AgentAccess defaults() {
        return new AgentAccess(ALL, false);
    }

    public boolean catalogActions() {
        return ALL.equals(actions) || CATALOG.equals(actions);
    }

    public boolean savedActions() {
        return ALL.equals(actions) || SAVED.equals(actions);
    }
}
