package dev.actgate.actions;

import dev.actgate.shared.actions.ActionDefinition;
import dev.actgate.shared.actions.ActionLookup;
import dev.actgate.shared.auth.Caller;
import dev.actgate.shared.integrations.IntegrationService;
import dev.actgate.shared.storage.Page;
import dev.actgate.shared.storage.PageRequest;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Action discovery: {@code GET /actions} lists the connectors' catalog actions (id only, no key). */
@Controller("/actions")
@Secured(SecurityRule.IS_AUTHENTICATED)
public class ActionsController {
    private final ActionLookup actions;
    private final IntegrationService integrations;

    public ActionsController(ActionLookup actions, IntegrationService integrations) {
        this.actions = actions;
        this.integrations = integrations;
    }

    @Get
    public Page<Map<String, Object>> list(Authentication authentication,
                                          @Nullable @QueryValue String externalAppId,
                                          @Nullable @QueryValue String connectorKey,
                                          @Nullable @QueryValue String integrationKey,
                                          @Nullable @QueryValue String integrationId,
                                          @Nullable @QueryValue String search,
                                          @Nullable @QueryValue String limit,
                                          @Nullable @QueryValue String cursor) {
        Caller caller = Caller.of(authentication);
        PageRequest page = PageRequest.of(limit, cursor);
        String connector = externalAppId != null ? externalAppId : connectorKey;
        if (connector == null && (integrationKey != null || integrationId != null)) {
            connector = integrations.get(caller, integrationId != null ? integrationId : integrationKey).connectorKey();
            if (connector == null) {
                return new Page<>(List.of(), null);
            }
        }
        List<ActionDefinition> all = actions.catalogActions(connector, search);
        int start = 0;
        if (page.cursor() != null) {
            try {
                start = Integer.parseInt(page.cursor());
            } catch (NumberFormatException e) {
                throw dev.actgate.shared.errors.ApiException.validation("Invalid cursor: pass the cursor value from a previous page unchanged");
            }
        }
        int end = Math.min(all.size(), start + page.limit());
        List<Map<String, Object>> items = all.subList(Math.min(start, all.size()), end).stream().map(ActionsController::view).toList();
        return new Page<>(items, end < all.size() ? Integer.toString(end) : null);
    }

    static Map<String, Object> view(ActionDefinition a) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", a.id());
        v.put("key", a.key());
        v.put("name", a.name());
        v.put("description", a.description());
        v.put("type", a.type());
        v.put("state", "READY");
        v.put("layer", a.level());
        v.put("externalAppId", a.connectorKey());
        v.put("connectorKey", a.connectorKey());
        v.put("integrationKey", a.integrationKey());
        v.put("inputSchema", a.inputSchema());
        v.put("outputSchema", a.outputSchema());
        v.put("config", a.config());
        v.put("revision", a.revision());
        v.values().removeIf(java.util.Objects::isNull);
        return v;
    }
}
