package dev.actgate.shared.integrations;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.actgate.shared.auth.Caller;
import dev.actgate.shared.credentials.CredentialCipher;
import dev.actgate.shared.credentials.SealedSecret;
import dev.actgate.shared.credentials.SecretBinding;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorCode;
import dev.actgate.shared.json.Bodies;
import dev.actgate.shared.json.BodyErrors;
import dev.actgate.shared.json.OpenJson;
import dev.actgate.shared.storage.Ids;
import dev.actgate.shared.storage.Page;
import dev.actgate.shared.storage.PageRequest;
import dev.actgate.shared.upstream.SafeUpstreamUrl;
import io.micronaut.context.BeanProvider;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Integration use cases: the catalog of what a workspace can connect to and how. Writes need a manager token. */
@Singleton
public class IntegrationService {
    /**
     * Parameter names that are secret whatever the writer says (issue 11: {@code api-key}, {@code signingKey},
     * {@code passphrase}, {@code clientKey}, {@code accessKey} used to be stored in the clear). Compared after
     * dropping {@code -} and {@code _}: anything with secret/password/passphrase/passwd/token/credential/signature/
     * certificate in it, or ending in key/pin. A writer can make any other parameter secret with
     * {@code {"value": "...", "secret": true}}.
     */
    private static final Pattern SECRET_PARAMETER =
        Pattern.compile("(?i).*(secret|password|passphrase|passwd|token|credential|signature|certificate|cert|privatekey).*|.*(key|pin)");

    static boolean secretByName(String name) {
        return SECRET_PARAMETER.matcher(name.replace("-", "").replace("_", "")).matches();
    }
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() { };

    private final IntegrationRepository integrations;
    private final ConnectorCatalog catalog;
    private final BeanProvider<CredentialCipher> cipher;
    private final ObjectMapper json;

    public IntegrationService(IntegrationRepository integrations, ConnectorCatalog catalog, BeanProvider<CredentialCipher> cipher,
                              ObjectMapper json) {
        this.integrations = integrations;
        this.catalog = catalog;
        this.cipher = cipher;
        this.json = json;
    }

    // ------------------------------------------------------------------ reads

    /** By id or key, archived included (so it can be restored). 404 INTEGRATION_NOT_FOUND otherwise. */
    public Integration get(Caller caller, String selector) {
        return find(caller.workspaceId(), selector)
            .orElseThrow(() -> ApiException.notFound(ErrorCode.INTEGRATION_NOT_FOUND, "Integration", selector));
    }

    public Optional<Integration> find(String workspaceId, String selector) {
        if (selector == null || selector.isBlank()) {
            return Optional.empty();
        }
        if (Ids.looksLikeId(selector, "int")) {
            Optional<Integration> byId = integrations.findById(workspaceId, selector);
            if (byId.isPresent()) {
                return byId;
            }
        }
        return integrations.findByKey(workspaceId, selector);
    }

    /** An integration a connection or an action may use: it exists and is not archived. */
    public Integration requireActive(Caller caller, String selector) {
        Integration i = get(caller, selector);
        if (i.archived()) {
            throw new ApiException(ErrorCode.INTEGRATION_NOT_FOUND, "Integration '" + selector + "' is archived");
        }
        return i;
    }

    public EffectiveIntegration effective(Integration integration) {
        Connector connector = integration.connectorKey() == null ? null : catalog.find(integration.connectorKey()).orElse(null);
        return EffectiveIntegration.of(integration, connector);
    }

    public IntegrationView view(Caller caller, String selector) {
        return view(caller, effective(get(caller, selector)));
    }

    public Page<IntegrationView> list(Caller caller, String search, boolean includeArchived, boolean connectors, PageRequest page) {
        Page<IntegrationView> stored = integrations.list(caller.workspaceId(), search, includeArchived, page)
            .map(i -> view(caller, effective(i)));
        if (!connectors || stored.cursor() != null) {
            return stored;
        }
        // After the last stored page: catalog connectors that have no integration yet (connecting creates one).
        Set<String> taken = new HashSet<>();
        integrations.list(caller.workspaceId(), null, true, PageRequest.of("1000", null)).items()
            .forEach(i -> {
                taken.add(i.key());
                if (i.connectorKey() != null) {
                    taken.add(i.connectorKey());
                }
            });
        List<IntegrationView> items = new ArrayList<>(stored.items());
        String needle = search == null ? null : search.toLowerCase(Locale.ROOT);
        catalog.summaries().stream()
            .filter(c -> !taken.contains(c.key()))
            .filter(c -> needle == null || (c.name() + " " + c.key() + " " + c.description()).toLowerCase(Locale.ROOT).contains(needle))
            .forEach(c -> items.add(IntegrationView.synthetic(c)));
        return new Page<>(items, null);
    }

    // ------------------------------------------------------------------ writes (manager)

    public IntegrationView create(Caller caller, IntegrationRequest body) {
        caller.requireManager();
        BodyErrors.required(body);
        Integration created = build(caller, body, null);
        integrations.create(created);
        return IntegrationView.of(effective(created));
    }

    /** Creates the integration for a connector on first connect (Membrane's auto-generated integrations). */
    public Integration ensureForConnector(Caller caller, String connectorKey) {
        Optional<Integration> existing = integrations.findByKey(caller.workspaceId(), connectorKey);
        if (existing.isPresent()) {
            return existing.get();
        }
        Connector connector = catalog.find(connectorKey)
            .orElseThrow(() -> ApiException.notFound(ErrorCode.CONNECTOR_NOT_FOUND, "Connector", connectorKey));
        Instant now = Instant.now();
        Integration created = new Integration.Builder().id(Ids.newId("int")).key(connector.key()).name(connector.name())
            .workspaceId(caller.workspaceId()).connectorKey(connector.key()).createdAt(now).updatedAt(now).version(1).build();
        try {
            integrations.create(created);
            return created;
        } catch (ApiException e) {
            if (e.code() == ErrorCode.ALREADY_EXISTS) {
                // Another caller created it at the same moment: use theirs.
                return integrations.findByKey(caller.workspaceId(), connectorKey).orElseThrow(() -> e);
            }
            throw e;
        }
    }

    /** PATCH: the fields given replace the stored ones (a JSON field — auth, meta — sent as null clears it). */
    public IntegrationView patch(Caller caller, String selector, IntegrationRequest body) {
        caller.requireManager();
        BodyErrors.required(body);
        Integration current = get(caller, selector);
        return save(caller, current, body.over(asRequest(current)));
    }

    /** PUT: the body is the whole integration (the key is kept when left out). */
    public IntegrationView put(Caller caller, String selector, IntegrationRequest body) {
        caller.requireManager();
        BodyErrors.required(body);
        Integration current = get(caller, selector);
        return save(caller, current, body.keyOr(current.key()));
    }

    private IntegrationView save(Caller caller, Integration current, IntegrationRequest body) {
        Integration next = build(caller, body, current);
        integrations.update(current, next);
        return IntegrationView.of(effective(next));
    }

    public IntegrationView archive(Caller caller, String selector) {
        caller.requireManager();
        Integration current = get(caller, selector);
        if (current.archived()) {
            return IntegrationView.of(effective(current));
        }
        Integration next = current.withArchivedAt(Instant.now(), Instant.now());
        integrations.update(current, next);
        return IntegrationView.of(effective(next));
    }

    public IntegrationView restore(Caller caller, String selector) {
        caller.requireManager();
        Integration current = get(caller, selector);
        if (!current.archived()) {
            return IntegrationView.of(effective(current));
        }
        Integration next = current.withArchivedAt(null, Instant.now());
        integrations.update(current, next);
        return IntegrationView.of(effective(next));
    }

    // ------------------------------------------------------------------ parameters

    /** Parameter values are for managers only (issue 11); a tenant sees which parameters exist, not their values. */
    private static IntegrationView view(Caller caller, EffectiveIntegration e) {
        IntegrationView v = IntegrationView.of(e);
        return caller.manager() ? v : v.withoutParameterValues();
    }

    /**
     * For a manager: non-secret parameters with their values, secret ones by name only. For a tenant token no value
     * at all (issue 11): the names of the parameters, and which of them are secret.
     */
    public Map<String, Object> parameters(Caller caller, String selector) {
        Integration i = get(caller, selector);
        Map<String, Object> out = new LinkedHashMap<>();
        if (caller.manager()) {
            out.putAll(i.parameters());
        } else {
            out.put("parameterNames", i.parameters().keySet().stream().sorted().toList());
        }
        out.put("secretParameters", i.secretParameterNames().stream().sorted().toList());
        return out;
    }

    public Map<String, Object> patchParameters(Caller caller, String selector, ParameterChanges body) {
        caller.requireManager();
        BodyErrors.required(body);
        Integration current = get(caller, selector);
        Map<String, String> changes = new LinkedHashMap<>();
        Set<String> removals = new HashSet<>();
        Set<String> markedSecret = new HashSet<>();
        body.changes().entrySet().forEach(e -> {
            JsonNode v = e.getValue();
            if (v.isObject() && v.has("value")) {
                // explicit secrecy: {"value": "...", "secret": true}
                if (v.path("secret").asBoolean(false)) {
                    markedSecret.add(e.getKey());
                }
                v = v.get("value");
            }
            if (v.isNull()) {
                removals.add(e.getKey());
            } else if (v.isValueNode()) {
                changes.put(e.getKey(), v.asText());
            } else if (v.isArray()) {
                List<String> parts = new ArrayList<>();
                v.forEach(x -> parts.add(x.asText()));
                changes.put(e.getKey(), String.join(" ", parts));
            } else {
                throw ApiException.validation("Parameter " + e.getKey() + " must be a string, number, boolean or list");
            }
        });
        Integration next = withParameters(current, changes, removals, markedSecret);
        integrations.update(current, next);
        return parameters(caller, next.id());
    }

    /** The integration's secret parameters in the clear, for the connect flow and token refresh only. */
    public Map<String, String> secretParameters(Integration i) {
        if (i.secretParameters() == null) {
            return Map.of();
        }
        byte[] plain = cipher.get().open(i.secretParameters(), binding(i.workspaceId(), i.id()));
        try {
            return json.readValue(plain, STRING_MAP);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Stored integration parameters are unreadable", e);
        }
    }

    public Map<String, String> secretParametersOrEmpty(Integration i) {
        return i.secretParameters() == null ? Map.of() : secretParameters(i);
    }

    private Integration withParameters(Integration current, Map<String, String> changes, Set<String> removals) {
        return withParameters(current, changes, removals, Set.of());
    }

    private Integration withParameters(Integration current, Map<String, String> changes, Set<String> removals, Set<String> markedSecret) {
        Map<String, String> plain = new LinkedHashMap<>(current.parameters());
        Map<String, String> secret = new LinkedHashMap<>(secretParameters(current));
        removals.forEach(k -> {
            plain.remove(k);
            secret.remove(k);
        });
        changes.forEach((k, v) -> {
            if (secretByName(k) || markedSecret.contains(k) || current.secretParameterNames().contains(k)) {
                secret.put(k, v);
                plain.remove(k);
            } else {
                plain.put(k, v);
                secret.remove(k);
            }
        });
        SealedSecret sealed = null;
        if (!secret.isEmpty()) {
            try {
                sealed = cipher.get().seal(json.writeValueAsBytes(secret), binding(current.workspaceId(), current.id()));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return current.toBuilder().parameters(plain).secretParameterNames(secret.keySet()).secretParameters(sealed)
            .updatedAt(Instant.now()).version(current.version() + 1).build();
    }

    private static SecretBinding binding(String workspaceId, String integrationId) {
        return new SecretBinding(workspaceId, "~integration", integrationId);
    }

    // ------------------------------------------------------------------ validation

    /** Checks a whole body (the PATCH body over the stored integration, or a POST/PUT body) and builds the next version. */
    private Integration build(Caller caller, IntegrationRequest body, Integration current) {
        List<BodyErrors.Violation> violations = new ArrayList<>();
        JsonNode authNode = OpenJson.object(body.auth(), "auth", violations);
        ObjectNode meta = OpenJson.object(body.meta(), "meta", violations);
        Map<String, String> parameters = OpenJson.stringMap(body.parameters(), "parameters", violations);
        OpenJson.refuseIfAny(violations);
        String connectorKey = body.connectorKey() != null ? body.connectorKey() : body.connectorId();
        Connector connector = null;
        if (connectorKey != null) {
            String wanted = connectorKey;
            connector = catalog.find(connectorKey)
                .orElseThrow(() -> ApiException.notFound(ErrorCode.CONNECTOR_NOT_FOUND, "Connector", wanted));
        }
        String baseUrl = body.baseUrl();
        if (baseUrl != null) {
            SafeUpstreamUrl.checkBaseUrl(baseUrl);
        }
        AuthSpec auth = null;
        if (authNode != null) {
            try {
                auth = json.treeToValue(authNode, AuthSpec.class);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw ApiException.validation("auth is not a valid auth scheme: " + e.getOriginalMessage());
            } catch (IllegalArgumentException e) {
                throw ApiException.validation("auth is not a valid auth scheme");
            }
            validateAuth(auth);
        }
        if (connector == null) {
            if (baseUrl == null || auth == null) {
                throw ApiException.validation("Give a connectorKey, or describe the API inline with baseUrl and auth");
            }
        } else if (connector.baseUrl() == null && baseUrl == null) {
            throw ApiException.validation("Connector '" + connector.key() + "' needs a baseUrl from the integration");
        }
        String key = body.key();
        if (key == null) {
            key = connector != null ? connector.key() : null;
        }
        if (key == null) {
            throw ApiException.validation("key is required for an inline integration");
        }
        String name = body.name();
        if (name == null) {
            name = connector != null ? connector.name() : key;
        }
        Instant now = Instant.now();
        Integration.Builder next = current != null
            ? current.toBuilder().updatedAt(now).version(current.version() + 1)
            : new Integration.Builder().id(Ids.newId("int")).workspaceId(caller.workspaceId()).createdAt(now).updatedAt(now).version(1);
        Integration base = next.key(key).name(name).connectorKey(connector == null ? null : connector.key()).baseUrl(baseUrl)
            .auth(auth).connectTimeoutMs(body.connectTimeoutMs()).readTimeoutMs(body.readTimeoutMs()).meta(meta).build();
        if (parameters != null && !parameters.equals(current == null ? null : current.parameters())) {
            Map<String, String> changes = new HashMap<>(parameters);
            Set<String> removals = new HashSet<>(base.parameters().keySet());
            removals.removeAll(changes.keySet());
            Integration withParams = withParameters(base, changes, removals);
            return withParams.toBuilder().version(base.version()).build();
        }
        return base;
    }

    /** The stored integration as the body that would write it (parameters apart: PATCH changes them only when given). */
    private IntegrationRequest asRequest(Integration i) {
        return IntegrationRequest.of(i.key(), i.name(), i.connectorKey(), null, i.baseUrl(),
            i.auth() == null ? null : json.valueToTree(i.auth()), null, i.meta(), i.connectTimeoutMs(), i.readTimeoutMs());
    }

    static void validateAuth(AuthSpec auth) {
        if (auth.type() == null || !AuthSpec.TYPES.contains(auth.type())) {
            throw ApiException.validation("auth.type must be one of " + String.join(", ", new java.util.TreeSet<>(AuthSpec.TYPES)));
        }
        switch (auth.type()) {
            case AuthSpec.OAUTH2_CODE -> {
                requireUrl(auth.authorizeUrl(), "auth.authorizeUrl");
                requireUrl(auth.tokenUrl(), "auth.tokenUrl");
            }
            case AuthSpec.OAUTH2_CLIENT_CREDENTIALS -> requireUrl(auth.tokenUrl(), "auth.tokenUrl");
            case AuthSpec.API_KEY -> {
                if (auth.name() == null || auth.name().isBlank()) {
                    throw ApiException.validation("auth.name (the header or query parameter carrying the key) is required");
                }
                if (auth.in() != null && !auth.in().equals("header") && !auth.in().equals("query")) {
                    throw ApiException.validation("auth.in must be 'header' or 'query'");
                }
            }
            case AuthSpec.CUSTOM_HEADERS -> {
                if (auth.headers().isEmpty()) {
                    throw ApiException.validation("auth.headers is required for custom-headers");
                }
            }
            default -> {
            }
        }
        for (AuthSpec.Field f : auth.fields()) {
            Bodies.key(f.key(), "auth.fields[].key");
        }
    }

    private static void requireUrl(String url, String field) {
        if (url == null) {
            throw ApiException.validation(field + " is required");
        }
        SafeUpstreamUrl.checkBaseUrl(url);
    }
}
