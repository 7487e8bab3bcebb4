package dev.actgate.shared.upstream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorCode;
import dev.actgate.shared.integrations.EffectiveIntegration;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the HTTP request actgate sends to an external app through a connection, the same way for every caller
 * ({@code /act}'s upstream call and the connect flow's identity probe): the URL confined to the connection's base URL
 * with the caller's query and the auth's query parameters, the connector's default headers, {@code Accept: JSON}
 * unless the connector names its own media type, the caller's and transport headers, and the auth's headers last
 * (so nothing can override them), and the body encoded by its content type (JSON, text, or form with bracket
 * notation). Pure: no I/O, no state.
 */
public final class UpstreamRequestBuilder {
    static final String USER_AGENT = "actgate/0.1";

    private final ObjectMapper json;

    public UpstreamRequestBuilder(ObjectMapper json) {
        this.json = json;
    }

    /** A request to {@code path} under the connection's base URL ({@link SafeUpstreamUrl#resolve} confines it). */
    public UpstreamRequest build(EffectiveIntegration integration, AppliedAuth auth, String method, String path, JsonNode query,
                                 Map<String, String> callerHeaders, JsonNode body, Map<String, String> extraHeaders) {
        Map<String, List<String>> q = queryOf(query);
        auth.query().forEach((k, v) -> q.put(k, List.of(v)));
        return finish(integration, auth, method, SafeUpstreamUrl.resolve(auth.baseUrl(), path, q), callerHeaders, body, extraHeaders);
    }

    /**
     * A request to an absolute URL the connector names outside its base URL (an identity endpoint on another host,
     * such as Google's userinfo). The URL must be https with a DNS host ({@link SafeUpstreamUrl#checkBaseUrl}); the
     * egress policy still decides at connect time, as for every outbound call.
     */
    public UpstreamRequest buildAbsolute(EffectiveIntegration integration, AppliedAuth auth, String method, URI absolute,
                                         Map<String, String> extraHeaders) {
        SafeUpstreamUrl.checkBaseUrl(absolute.getScheme() + "://" + absolute.getRawAuthority());
        Map<String, List<String>> q = new LinkedHashMap<>();
        auth.query().forEach((k, v) -> q.put(k, List.of(v)));
        String base = absolute.getScheme() + "://" + absolute.getRawAuthority();
        String pathAndQuery = (absolute.getRawPath() == null || absolute.getRawPath().isEmpty() ? "/" : absolute.getRawPath())
            + (absolute.getRawQuery() == null ? "" : "?" + absolute.getRawQuery());
        return finish(integration, auth, method, SafeUpstreamUrl.resolve(base, pathAndQuery, q), Map.of(), null, extraHeaders);
    }

    /**
     * A request to a path under the base URL or to an absolute URL, whichever {@code pathOrUrl} is (a connector's
     * identity request may name either). An absolute URL that starts with the base URL is treated as a path under it.
     */
    public UpstreamRequest buildFor(EffectiveIntegration integration, AppliedAuth auth, String method, String pathOrUrl, JsonNode body) {
        if (!ABSOLUTE.matcher(pathOrUrl).find()) {
            return build(integration, auth, method, pathOrUrl, null, Map.of(), body, Map.of());
        }
        String base = auth.baseUrl();
        if (pathOrUrl.startsWith(base) && (pathOrUrl.length() == base.length() || "/?".indexOf(pathOrUrl.charAt(base.length())) >= 0)) {
            return build(integration, auth, method, pathOrUrl.substring(base.length()), null, Map.of(), body, Map.of());
        }
        URI absolute;
        try {
            absolute = new URI(pathOrUrl);
        } catch (java.net.URISyntaxException e) {
            throw new ApiException(ErrorCode.CONFIGURATION_ERROR, "The connector's URL '" + pathOrUrl + "' is not a valid URL");
        }
        UpstreamRequest r = buildAbsolute(integration, auth, method, absolute, Map.of());
        return body == null ? r : finish(integration, auth, method, r.url(), Map.of(), body, Map.of());
    }

    /**
     * Fills a connector URL template outside actions (an identity path): {@code {{connection.<field>}}} from the
     * connection's non-secret fields and {@code {{integration.<parameter>}}} from the integration's non-secret
     * parameters. Values come from tenants and admins, so they may only fill what the connector meant, by the base URL
     * rules ({@link AppliedAuth}): a placeholder that is the whole origin must be an https origin with a DNS host, any
     * other one a single label (letters, digits, {@code -}). A missing value is a configuration error.
     */
    public static String fillTemplate(String template, Map<String, String> connectionFields, Map<String, String> parameters) {
        java.util.regex.Matcher m = INTEGRATION_PLACEHOLDER.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = parameters.get(m.group(1));
            if (v == null) {
                throw new ApiException(ErrorCode.CONFIGURATION_ERROR, "The integration has no parameter '" + m.group(1) + "'");
            }
            if (!LABEL.matcher(v).matches()) {
                throw new ApiException(ErrorCode.UNSAFE_REQUEST_PATH, "The integration's parameter '" + m.group(1)
                    + "' cannot be used in a URL: a single label (letters, digits, -) is required");
            }
            m.appendReplacement(sb, java.util.regex.Matcher.quoteReplacement(v));
        }
        m.appendTail(sb);
        return AppliedAuth.fillBaseUrl(sb.toString(), connectionFields);
    }

    private static final java.util.regex.Pattern ABSOLUTE = java.util.regex.Pattern.compile("^[A-Za-z][A-Za-z0-9+.\\-]*://");
    private static final java.util.regex.Pattern INTEGRATION_PLACEHOLDER =
        java.util.regex.Pattern.compile("\\{\\{\\s*integration\\.([A-Za-z0-9_.-]+)\\s*}}");
    private static final java.util.regex.Pattern LABEL = java.util.regex.Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

    private UpstreamRequest finish(EffectiveIntegration integration, AppliedAuth auth, String method, URI url,
                                   Map<String, String> callerHeaders, JsonNode body, Map<String, String> extraHeaders) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        integration.defaultHeaders().forEach((k, v) -> headers.put(k, List.of(v)));
        // JSON unless the connector names its own media type (GitHub's application/vnd.github+json).
        if (header(headers, "accept") == null) {
            headers.put("Accept", List.of("application/json"));
        }
        headers.put("User-Agent", List.of(USER_AGENT));
        callerHeaders.forEach((k, v) -> headers.put(k, List.of(v)));
        extraHeaders.forEach((k, v) -> headers.put(k, List.of(v)));
        auth.headers().forEach((k, v) -> headers.put(k, List.of(v)));
        byte[] bytes = null;
        if (body != null && !body.isNull() && !method.equals("GET") && !method.equals("HEAD")) {
            String contentType = header(headers, "content-type");
            if (body.isTextual()) {
                bytes = body.asText().getBytes(StandardCharsets.UTF_8);
                if (contentType == null) {
                    headers.put("Content-Type", List.of("text/plain; charset=utf-8"));
                }
            } else if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
                bytes = formEncode(body).getBytes(StandardCharsets.UTF_8);
            } else {
                try {
                    bytes = json.writeValueAsBytes(body);
                } catch (JsonProcessingException e) {
                    throw ApiException.validation("api.body cannot be serialised");
                }
                if (contentType == null) {
                    headers.put("Content-Type", List.of("application/json"));
                }
            }
        }
        return new UpstreamRequest(method, url, headers, bytes);
    }

    private static Map<String, List<String>> queryOf(JsonNode query) {
        Map<String, List<String>> q = new LinkedHashMap<>();
        if (query != null && query.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = query.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                List<String> values = new ArrayList<>();
                if (e.getValue().isArray()) {
                    e.getValue().forEach(v -> values.add(v.asText()));
                } else if (!e.getValue().isNull()) {
                    values.add(e.getValue().asText());
                }
                q.put(e.getKey(), values);
            }
        }
        return q;
    }

    private static String header(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue().isEmpty() ? null : e.getValue().get(0);
            }
        }
        return null;
    }

    /** Form encoding with bracket notation for nested values ({@code metadata[k]=v}), as Stripe expects. */
    public static String formEncode(JsonNode body) {
        List<String> pairs = new ArrayList<>();
        flatten("", body, pairs);
        return String.join("&", pairs);
    }

    private static void flatten(String prefix, JsonNode node, List<String> pairs) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> flatten(prefix.isEmpty() ? e.getKey() : prefix + "[" + e.getKey() + "]", e.getValue(), pairs));
        } else if (node.isArray()) {
            int i = 0;
            for (JsonNode n : node) {
                flatten(prefix + "[" + i++ + "]", n, pairs);
            }
        } else if (!node.isNull()) {
            pairs.add(PercentEncoding.form(prefix) + "=" + PercentEncoding.form(node.asText()));
        }
    }
}
