package dev.actgate.act;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.actgate.shared.dispatch.DispatchResolver;
import dev.actgate.shared.dispatch.DispatchSelection;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.json.BodyErrors;
import dev.actgate.shared.json.OpenJson;
import dev.actgate.shared.json.TypedBodyReader;
import dev.actgate.shared.json.TypedRequest;
import io.micronaut.core.annotation.Nullable;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A validated {@code POST /act} body. Exactly one dispatch field ({@code id}, {@code key}, {@code api},
 * {@code code}); unknown fields are refused, as the official SDK's strict ActRequest schema does.
 *
 * <p>The body is bound to {@link Body} (strict, typed) from the tree the route already parsed — the text is read
 * once — and the tree itself is kept: the run log stores it as sent, the idempotency fingerprint hashes it, and the
 * open parts ({@code input}, {@code meta}, {@code api}) are handed on as those very nodes, not as copies.
 *
 * @param body the body as sent: stored in the run log so posting it back replays the same dispatch
 */
public record ActRequest(ObjectNode body, String id, String key, ObjectNode api, String code, String connectionId,
                  String connectionKey, String integrationId, String integrationKey, JsonNode input, JsonNode meta,
                  Integer version) {

    static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");
    /** RFC 9110 token characters. */
    static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]{1,256}");
    static final String VERSION_RANGE = "must be a whole number from 1 to " + Integer.MAX_VALUE;
    static final int MAX_CODE_CHARS = 200_000;

    /**
     * Bound once per class with the strict typed mapper, as a route's {@code @Body} would be. /act cannot bind through
     * the route — the body must stay a tree (see above) and membrane.act hands in trees — and a static parse has no
     * Bean Validation (see {@link TypedBodyReader#bindingOnly}), so every rule of the record is in {@link Body#check}.
     */
    private static final TypedBodyReader BODIES = TypedBodyReader.bindingOnly();

    /** The /act body's fields. {@code input} and {@code meta} are open JSON; {@code idempotencyKey} is read by the route. */
    @TypedRequest
    public record Body(
        @Nullable String id,
        @Nullable String key,
        @Nullable Api api,
        @Nullable String code,
        @Nullable String connectionId,
        @Nullable String connectionKey,
        @Nullable String integrationId,
        @Nullable String integrationKey,
        @Nullable JsonNode input,
        @Nullable JsonNode meta,
        // Long, so that 99999999999 reads as out of range rather than failing as a number an int cannot hold
        @Nullable Long version,
        // any JSON value, as the route has always read it (IdempotencyService.keyOf takes its text)
        @Nullable JsonNode idempotencyKey) {

        /** The dispatch fields sent (not null), in the order the error names them. */
        List<String> dispatchFields() {
            List<String> sent = new ArrayList<>();
            if (id != null) {
                sent.add("id");
            }
            if (key != null) {
                sent.add("key");
            }
            if (api != null) {
                sent.add("api");
            }
            if (code != null) {
                sent.add("code");
            }
            return sent;
        }

        /** The rules between fields, after the fields themselves bound and validated. */
        void check() {
            List<String> dispatch = dispatchFields();
            if (dispatch.size() != 1) {
                throw ApiException.validation(dispatch.isEmpty()
                    ? "Send exactly one of id, key, api or code"
                    : "Send exactly one of id, key, api or code (got " + String.join(", ", dispatch) + ")",
                    Map.of("dispatchFields", dispatch));
            }
            List<BodyErrors.Violation> violations = new ArrayList<>();
            if (code != null && code.isBlank()) {
                violations.add(new BodyErrors.Violation("/code", "must not be empty"));
            } else if (code != null && code.length() > MAX_CODE_CHARS) {
                violations.add(new BodyErrors.Violation("/code", "is longer than 200,000 characters"));
            }
            if (version != null && (version < 1 || version > Integer.MAX_VALUE)) {
                violations.add(new BodyErrors.Violation("/version", VERSION_RANGE));
            }
            OpenJson.object(meta, "meta", violations);
            if (api != null) {
                api.check("api", violations);
            }
            OpenJson.refuseIfAny(violations);
            if (api != null) {
                api.checkAliases();
            }
            if (version != null && id == null && key == null) {
                throw ApiException.validation("version pins a saved action: use it with id or key");
            }
        }
    }

    /**
     * An inline request ({@code api}): strict in a body; its {@code query}, {@code headers} and payload are open JSON
     * checked here. {@code url} is an alias of {@code path}, {@code data} of {@code body}.
     */
    @TypedRequest
    public record Api(
        @Nullable String method,
        @Nullable String path,
        @Nullable String url,
        @Nullable JsonNode query,
        @Nullable JsonNode headers,
        @Nullable JsonNode body,
        @Nullable JsonNode data) {

        static final Set<String> FIELDS = Set.of("method", "path", "url", "query", "headers", "body", "data");

        /** Adds every problem of the request's own fields; {@code at} is where it sits ({@code api}). */
        void check(String at, List<BodyErrors.Violation> out) {
            if (method == null) {
                out.add(new BodyErrors.Violation("/" + at + "/method", "is required"));
            } else if (!METHODS.contains(method.toUpperCase())) {
                out.add(new BodyErrors.Violation("/" + at + "/method", "must be one of " + String.join(", ", new TreeSet<>(METHODS))));
            }
            if (path == null && url == null) {
                out.add(new BodyErrors.Violation("/" + at + "/path", "is required"));
            }
            Map<String, String> headerValues = OpenJson.stringMap(headers, at + "/headers", out);
            if (headerValues != null) {
                headerValues.forEach((name, value) -> {
                    if (!HEADER_NAME.matcher(name).matches()) {
                        // The name is not echoed raw: it may hold the control characters this check is about.
                        out.add(new BodyErrors.Violation("/" + at + "/headers",
                            "'" + name.replaceAll("\\p{Cntrl}", "?") + "' is not a valid header name"));
                    } else if (value.chars().anyMatch(c -> (c < 0x20 && c != '\t') || c == 0x7f)) {
                        out.add(new BodyErrors.Violation("/" + at + "/headers/" + name.replace("~", "~0"), "contains control characters (CR, LF, …)"));
                    }
                });
            }
            if (query != null && !query.isNull()) {
                if (!query.isObject()) {
                    out.add(new BodyErrors.Violation("/" + at + "/query", "must be an object of strings, numbers or booleans"));
                } else {
                    for (Iterator<Map.Entry<String, JsonNode>> it = query.fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> e = it.next();
                        JsonNode v = e.getValue();
                        if (!v.isValueNode() && !(v.isArray() && allValues(v))) {
                            out.add(new BodyErrors.Violation("/" + at + "/query/" + e.getKey().replace("~", "~0").replace("/", "~1"),
                                "must be a string, number, boolean or a list of them"));
                        }
                    }
                }
            }
        }

        /** An alias and its field together say the same thing twice: which one counts is not for us to guess. */
        void checkAliases() {
            if (path != null && url != null) {
                throw ApiException.validation("Send api.path or its alias api.url, not both");
            }
            if (body != null && data != null) {
                throw ApiException.validation("Send api.body or its alias api.data, not both");
            }
        }

        private static boolean allValues(JsonNode array) {
            for (JsonNode n : array) {
                if (!n.isValueNode()) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Binds and checks a body; the first of the four dispatch fields sent decides what runs. */
    public static ActRequest parse(JsonNode raw) {
        Body b = BODIES.read(raw, Body.class);
        b.check();
        ObjectNode body = (ObjectNode) raw;
        JsonNode input = body.get("input");
        return new ActRequest(body, b.id(), b.key(), b.api() == null ? null : (ObjectNode) body.get("api"), b.code(),
            b.connectionId(), b.connectionKey(), b.integrationId(), b.integrationKey(),
            input == null || input.isNull() ? null : input, b.meta() == null || b.meta().isNull() ? null : body.get("meta"),
            b.version() == null ? null : b.version().intValue());
    }

    /** What this dispatch names, for {@link DispatchResolver}: the action by id or key, and the connection selectors. */
    public DispatchSelection selection() {
        return new DispatchSelection(id, key, version, connectionId, connectionKey, integrationId, integrationKey);
    }

    /**
     * Shape checks for a request that code built (membrane.apiRequest in a run's JavaScript); path safety is checked
     * when the URL is built. Such a spec has always been lenient about fields it does not use: only the request's
     * own fields are bound, with the same rules as an inline {@code api}.
     */
    static void validateApi(ObjectNode spec) {
        ObjectNode known = spec.objectNode();
        for (String f : Api.FIELDS) {
            if (spec.has(f)) {
                known.set(f, spec.get(f));
            }
        }
        Api api = BODIES.read(known, Api.class);
        List<BodyErrors.Violation> violations = new ArrayList<>();
        api.check("api", violations);
        OpenJson.refuseIfAny(violations);
        api.checkAliases();
    }

    String dispatchStyle() {
        return id != null ? "id" : key != null ? "key" : api != null ? "api" : "code";
    }
}
