package dev.actgate.shared.upstream;

import dev.actgate.shared.connections.Connection;
import dev.actgate.shared.connections.ConnectionCredentials;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorCode;
import dev.actgate.shared.integrations.AuthSpec;
import dev.actgate.shared.integrations.EffectiveIntegration;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a connection's auth scheme adds to a request: headers and query parameters carrying the credential, the
 * resolved base URL ({@code {{connection.subdomain}}} and the like filled in), and the header names that are
 * sensitive (callers can never override them; run logs redact them).
 */
public record AppliedAuth(String baseUrl, Map<String, String> headers, Map<String, String> query, Set<String> sensitiveHeaders) {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*connection\\.([A-Za-z0-9_.-]+)\\s*}}");

    public static AppliedAuth of(EffectiveIntegration integration, Connection connection, ConnectionCredentials credentials) {
        AuthSpec auth = integration.auth();
        if (auth == null) {
            throw new ApiException(ErrorCode.CONFIGURATION_ERROR, "Integration '" + integration.integration().key() + "' has no auth scheme");
        }
        Map<String, String> values = new HashMap<>(connection.fields());
        values.putAll(credentials.fields());
        Map<String, String> headers = new LinkedHashMap<>();
        Map<String, String> query = new LinkedHashMap<>();
        Set<String> sensitive = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        switch (auth.type()) {
            case AuthSpec.API_KEY -> {
                String key = require(values, "apiKey", integration);
                String value = (auth.prefix() == null ? "" : auth.prefix()) + key;
                if ("query".equals(auth.in())) {
                    query.put(auth.name(), value);
                } else {
                    headers.put(auth.name(), value);
                    sensitive.add(auth.name());
                }
            }
            case AuthSpec.BEARER -> headers.put("Authorization", "Bearer " + require(values, "token", integration));
            case AuthSpec.BASIC -> {
                String user = auth.usernameTemplate() != null ? fill(auth.usernameTemplate(), values) : require(values, "username", integration);
                String pass = auth.passwordTemplate() != null ? fill(auth.passwordTemplate(), values) : require(values, "password", integration);
                headers.put("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + pass).getBytes(StandardCharsets.UTF_8)));
            }
            case AuthSpec.OAUTH2_CODE, AuthSpec.OAUTH2_CLIENT_CREDENTIALS -> {
                if (credentials.accessToken() == null) {
                    throw new ApiException(ErrorCode.CONNECTION_NOT_READY, "Connection '" + connection.key()
                        + "' has no access token yet: finish the connect flow", Map.of("connectionId", connection.id()));
                }
                String type = credentials.tokenType() == null || credentials.tokenType().equalsIgnoreCase("bearer")
                    ? "Bearer" : credentials.tokenType();
                headers.put("Authorization", type + " " + credentials.accessToken());
            }
            case AuthSpec.CUSTOM_HEADERS -> auth.headers().forEach((name, template) -> {
                headers.put(name, fill(template, values));
                sensitive.add(name);
            });
            default -> throw new ApiException(ErrorCode.CONFIGURATION_ERROR, "Unknown auth type " + auth.type());
        }
        sensitive.addAll(headers.keySet());
        String baseUrl = integration.baseUrl() == null ? null : fillBaseUrl(integration.baseUrl(), values);
        if (baseUrl == null) {
            throw new ApiException(ErrorCode.CONFIGURATION_ERROR, "Integration '" + integration.integration().key() + "' has no base URL");
        }
        SafeUpstreamUrl.checkBaseUrl(baseUrl);
        return new AppliedAuth(baseUrl, headers, query, sensitive);
    }

    private static String require(Map<String, String> values, String field, EffectiveIntegration integration) {
        String v = values.get(field);
        if (v == null || v.isEmpty()) {
            throw new ApiException(ErrorCode.CONFIGURATION_ERROR, "The connection has no '" + field + "' for "
                + integration.auth().type() + " auth");
        }
        return v;
    }

    private static final java.util.regex.Pattern DNS_LABEL = java.util.regex.Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

    /**
     * Base URLs may take connection fields (a Zendesk subdomain, a Salesforce instance URL). Those values come from
     * the tenant, so they may only fill what the connector meant: a placeholder inside the host is one DNS label; a
     * placeholder that is the whole origin must be an https URL with a DNS host name (no IP literal, no localhost,
     * no port, no path). Anything else is refused before any request is made.
     */
    static String fillBaseUrl(String template, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            String v = values.get(m.group(1));
            if (v == null) {
                continue;
            }
            boolean wholeOrigin = m.start() == 0;
            if (wholeOrigin) {
                URI u;
                try {
                    u = URI.create(v);
                } catch (IllegalArgumentException e) {
                    throw unsafe(m.group(1));
                }
                String host = u.getHost();
                if (!"https".equals(u.getScheme()) || host == null || u.getUserInfo() != null || u.getPort() != -1
                    || (u.getRawPath() != null && !u.getRawPath().isEmpty() && !u.getRawPath().equals("/")) || u.getRawQuery() != null
                    || u.getRawFragment() != null || host.equalsIgnoreCase("localhost") || host.endsWith(".localhost")
                    || host.matches("[0-9.]+") || host.startsWith("[") || !host.contains(".")) {
                    throw unsafe(m.group(1));
                }
            } else if (!DNS_LABEL.matcher(v).matches()) {
                throw unsafe(m.group(1));
            }
        }
        String filled = fill(template, values);
        return filled.endsWith("/") && template.startsWith("{{") ? filled.substring(0, filled.length() - 1) : filled;
    }

    private static ApiException unsafe(String field) {
        return new ApiException(ErrorCode.UNSAFE_REQUEST_PATH, "The connection's '" + field
            + "' cannot be used in the integration's base URL: a host label (letters, digits, -) or an https origin is required");
    }

    /** Fills {@code {{connection.field}}} placeholders; a missing field is a configuration error, never "null". */
    static String fill(String template, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = values.get(m.group(1));
            if (v == null) {
                throw new ApiException(ErrorCode.CONFIGURATION_ERROR, "The connection has no field '" + m.group(1) + "'");
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** Whether a caller-supplied header may be sent: never one that carries auth or that the transport owns. */
    public boolean callerMaySet(String header) {
        String h = header.toLowerCase(Locale.ROOT);
        return !sensitiveHeaders.contains(header) && !FORBIDDEN.contains(h) && !h.startsWith("proxy-") && !h.startsWith("sec-");
    }

    private static final Set<String> FORBIDDEN = Set.of("authorization", "cookie", "host", "content-length", "connection",
        "transfer-encoding", "te", "trailer", "upgrade", "keep-alive", "expect", "x-forwarded-for", "x-forwarded-host",
        "x-forwarded-proto", "forwarded");
}
