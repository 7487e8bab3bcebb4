package dev.actgate.shared.integrations;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** An integration as the API shows it: secret parameters appear by name only. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IntegrationView(
    String id,
    String key,
    String name,
    String state,
    String connectorKey,
    String connectorId,
    String externalAppId,
    String baseUrl,
    String authType,
    List<String> scopes,
    Map<String, String> parameters,
    List<String> secretParameters,
    Integer connectTimeoutMs,
    Integer readTimeoutMs,
    ObjectNode meta,
    Boolean isSynthetic,
    Instant createdAt,
    Instant updatedAt,
    Instant archivedAt) {

    public static IntegrationView of(EffectiveIntegration e) {
        Integration i = e.integration();
        return new IntegrationView(i.id(), i.key(), i.name(), "READY", i.connectorKey(), i.connectorKey(), i.connectorKey(),
            e.baseUrl(), e.auth() == null ? null : e.auth().type(), e.auth() == null ? null : e.auth().scopes(),
            i.parameters().isEmpty() ? null : i.parameters(),
            i.secretParameterNames().isEmpty() ? null : i.secretParameterNames().stream().sorted().toList(),
            e.connectTimeoutMs(), e.readTimeoutMs(), i.meta(), null, i.createdAt(), i.updatedAt(), i.archivedAt());
    }

    /** The view for a tenant token: no parameter values (the names are in GET /integrations/{sel}/parameters). */
    public IntegrationView withoutParameterValues() {
        return new IntegrationView(id, key, name, state, connectorKey, connectorId, externalAppId, baseUrl, authType, scopes,
            null, secretParameters, connectTimeoutMs, readTimeoutMs, meta, isSynthetic, createdAt, updatedAt, archivedAt);
    }

    /** A catalog connector that has no integration yet (listed with {@code connectors=1}); connecting creates one. */
    public static IntegrationView synthetic(Connector c) {
        return synthetic(ConnectorSummary.of(c));
    }

    /** The same from the catalog's build-time summary, so listing them parses no connector file. */
    public static IntegrationView synthetic(ConnectorSummary c) {
        List<String> scopes = c.auth() == null || c.auth().scopes() == null ? List.of() : c.auth().scopes();
        return new IntegrationView(null, c.key(), c.name(), "READY", c.key(), c.key(), c.key(), c.baseUrl(),
            c.authType(), scopes, null, null, null, null, null, Boolean.TRUE, null, null, null);
    }
}
