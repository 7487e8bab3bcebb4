package dev.actgate.shared.integrations;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * What a connector list shows of one connector, small enough that all of them fit in one generated file
 * ({@code connectors/summary.json}, written at build time by {@link ConnectorSummaryGenerator}): listing and
 * searching the catalog reads that file and never parses the connector files themselves.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ConnectorSummary(
    String key,
    String name,
    String description,
    List<String> categories,
    String logoUrl,
    String docsUrl,
    String baseUrl,
    Auth auth,
    int actionCount) {

    public ConnectorSummary {
        categories = categories == null ? List.of() : List.copyOf(categories);
    }

    /** The scheme and default scopes only: the full auth spec is in the connector ({@code GET /connectors/{key}}). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Auth(String type, List<String> scopes) {
        public Auth {
            scopes = scopes == null || scopes.isEmpty() ? null : List.copyOf(scopes);
        }
    }

    public static ConnectorSummary of(Connector c) {
        return new ConnectorSummary(c.key(), c.name(), c.description(), c.categories(), c.logoUrl(), c.docsUrl(), c.baseUrl(),
            new Auth(c.auth() == null ? null : c.auth().type(), c.auth() == null ? null : c.auth().scopes()), c.actionCount());
    }

    public String authType() {
        return auth == null ? null : auth.type();
    }
}
