package dev.actgate.shared.integrations;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The shipped connectors, loaded lazily on first use from the class path (index.json lists them, so no directory
 * scan inside a jar is needed). A function that never asks for a connector never parses them.
 */
@Singleton
public class ConnectorCatalog {
    private final ObjectMapper json;
    private volatile Map<String, Connector> connectors;
    private volatile Map<String, CatalogActionRef> actionsById;

    /** Where a catalog action lives. */
    public record CatalogActionRef(Connector connector, JsonNode action) {
    }

    public ConnectorCatalog(ObjectMapper json) {
        this.json = json;
    }

    public Optional<Connector> find(String key) {
        return Optional.ofNullable(all().get(key));
    }

    public Collection<Connector> list() {
        return all().values();
    }

    public Optional<CatalogActionRef> findAction(String id) {
        all();
        return Optional.ofNullable(actionsById.get(id));
    }

    private Map<String, Connector> all() {
        Map<String, Connector> c = connectors;
        if (c == null) {
            synchronized (this) {
                if (connectors == null) {
                    load();
                }
                c = connectors;
            }
        }
        return c;
    }

    private void load() {
        try {
            List<String> keys = json.readValue(resource("connectors/index.json"), new TypeReference<>() { });
            Map<String, Connector> byKey = new LinkedHashMap<>();
            Map<String, CatalogActionRef> byActionId = new LinkedHashMap<>();
            for (String key : keys) {
                Connector connector = json.readValue(resource("connectors/" + key + ".json"), Connector.class);
                byKey.put(connector.key(), connector);
                if (connector.actions() != null) {
                    connector.actions().forEach(a -> byActionId.put(a.path("id").asText(), new CatalogActionRef(connector, a)));
                }
            }
            actionsById = Map.copyOf(byActionId);
            connectors = java.util.Collections.unmodifiableMap(byKey);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the shipped connectors", e);
        }
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = ConnectorCatalog.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IOException("missing resource " + name);
        }
        return in;
    }
}
