package dev.actgate.act;

import dev.actgate.shared.actions.ActionRepository;
import dev.actgate.shared.actions.CachingActionRepository;
import dev.actgate.shared.actions.DynamoActionRepository;
import dev.actgate.shared.connections.CachingConnectionRepository;
import dev.actgate.shared.connections.ConnectionRepository;
import dev.actgate.shared.connections.DynamoConnectionRepository;
import dev.actgate.shared.integrations.CachingIntegrationRepository;
import dev.actgate.shared.integrations.DynamoIntegrationRepository;
import dev.actgate.shared.integrations.IntegrationRepository;
import dev.actgate.shared.storage.ReadCacheSettings;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Primary;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/**
 * Only the act function reads through a cache: its warm {@code /act} (inline api or saved action) then makes no DynamoDB read (the run-log write
 * is the only call). The management functions keep reading the table, so what a manager sees and the versions their
 * updates are checked against are never stale. One default implementation per interface stays the Dynamo one; these
 * {@link Primary} decorators wrap it (docs/read-cache.md).
 */
@Factory
@Requires(property = "actgate.cache.enabled", notEquals = "false")
class HotPathReadCaches {

    @Singleton
    @Primary
    ConnectionRepository cachedConnections(DynamoConnectionRepository table, ReadCacheSettings settings) {
        return settings.active() ? new CachingConnectionRepository(table, settings) : table;
    }

    @Singleton
    @Primary
    IntegrationRepository cachedIntegrations(DynamoIntegrationRepository table, ReadCacheSettings settings) {
        return settings.active() ? new CachingIntegrationRepository(table, settings) : table;
    }

    @Singleton
    @Primary
    ActionRepository cachedActions(DynamoActionRepository table, ReadCacheSettings settings) {
        return settings.active() ? new CachingActionRepository(table, settings) : table;
    }
}
