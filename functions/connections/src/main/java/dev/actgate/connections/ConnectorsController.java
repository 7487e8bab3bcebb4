package dev.actgate.connections;

import dev.actgate.shared.integrations.Connector;
import dev.actgate.shared.integrations.ConnectorCatalog;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorCode;
import dev.actgate.shared.storage.Page;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;

import java.util.Locale;

/** The shipped connector catalog (what can be connected), readable by any token. */
@Controller("/connectors")
@Secured(SecurityRule.IS_AUTHENTICATED)
public class ConnectorsController {
    private final ConnectorCatalog catalog;

    public ConnectorsController(ConnectorCatalog catalog) {
        this.catalog = catalog;
    }

    @Get
    public Page<Connector> list(@Nullable @QueryValue String search) {
        String needle = search == null ? null : search.toLowerCase(Locale.ROOT);
        return new Page<>(catalog.list().stream()
            .filter(c -> needle == null || (c.key() + " " + c.name() + " " + c.description()).toLowerCase(Locale.ROOT).contains(needle))
            .toList(), null);
    }

    @Get("/{key}")
    public Connector get(@PathVariable String key) {
        return catalog.find(key).orElseThrow(() -> ApiException.notFound(ErrorCode.CONNECTOR_NOT_FOUND, "Connector", key));
    }
}
