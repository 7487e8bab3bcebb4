package dev.actgate.actions;

import dev.actgate.shared.actions.ActionService;
import dev.actgate.shared.storage.PageRequest;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.QueryValue;

/**
 * The filters every action list takes ({@code GET /actions}, {@code /connections/{sel}/actions},
 * {@code /integrations/{sel}/actions}): words to search for, an intent, whether archived actions are listed too, and
 * the page.
 */
@Introspected
public record ActionFilters(@Nullable @QueryValue String search, @Nullable @QueryValue String intent,
                            @Nullable @QueryValue String includeArchived, @Nullable @QueryValue String limit,
                            @Nullable @QueryValue String cursor) {

    /** The service's query: these filters over the actions of an integration, connection and connector (null: any). */
    ActionService.ListQuery query(String integrationId, String integrationKey, String connectionId, String connectionKey,
                                  String connectorKey) {
        return new ActionService.ListQuery(integrationId, integrationKey, connectionId, connectionKey, connectorKey, search, intent,
            Params.isTrue(includeArchived), PageRequest.of(limit, cursor));
    }
}
