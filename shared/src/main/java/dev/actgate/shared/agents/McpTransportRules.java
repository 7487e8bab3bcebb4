package dev.actgate.shared.agents;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The HTTP-level rules of MCP's Streamable HTTP transport as a stateless JSON-only server applies them, before any
 * JSON-RPC is read: {@code Origin} and {@code Host} validation (DNS-rebinding protection, 403), the
 * {@code MCP-Protocol-Version} header (unsupported → 400), {@code Accept} (must allow JSON, else 406) and
 * {@code Content-Type} (JSON, else 415).
 *
 * @param hosts      host names accepted in {@code Host} besides loopback names (the public URL's host, configured ones)
 * @param origins    origins accepted besides loopback ones and same-host ones ({@code *} accepts any)
 * @param trustHost  skip the {@code Host} check (inside Lambda: API Gateway only delivers requests for its own domains)
 */
public record McpTransportRules(Set<String> hosts, Set<String> origins, boolean trustHost) {
    static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    /** Why this {@code Host} is refused, or empty. An absent Host (not HTTP/1.1, e.g. a direct invoke) passes. */
    public Optional<String> hostProblem(String host) {
        if (trustHost || host == null || host.isBlank()) {
            return Optional.empty();
        }
        String name = hostName(host);
        if (LOOPBACK.contains(name) || hosts.contains(name) || name.endsWith(".amazonaws.com") && name.contains(".execute-api.")) {
            return Optional.empty();
        }
        return Optional.of("Host '" + clean(host) + "' is not a host this MCP endpoint serves (DNS rebinding protection)");
    }

    /** Why this {@code Origin} is refused, or empty. No Origin (not a browser) passes. */
    public Optional<String> originProblem(String origin, String host) {
        if (origin == null || origin.isBlank()) {
            return Optional.empty();
        }
        if (origins.contains("*") || origins.contains(origin.toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        String originHost;
        try {
            URI u = URI.create(origin.trim());
            if (u.getHost() == null || !(("http".equals(u.getScheme())) || "https".equals(u.getScheme()))) {
                return Optional.of("Origin '" + clean(origin) + "' is not allowed");
            }
            originHost = u.getHost().toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return Optional.of("Origin '" + clean(origin) + "' is not allowed");
        }
        String requestHost = host == null ? null : hostName(host);
        boolean loopbackPage = LOOPBACK.contains(originHost) && (requestHost == null || LOOPBACK.contains(requestHost));
        if (loopbackPage || hosts.contains(originHost) || originHost.equals(requestHost)) {
            return Optional.empty();
        }
        return Optional.of("Origin '" + clean(origin) + "' is not allowed to call this MCP endpoint");
    }

    /** Why this {@code MCP-Protocol-Version} is refused, or empty (absent means 2025-03-26, which is supported). */
    public static Optional<String> versionProblem(String header) {
        if (header == null || header.isBlank() || McpProtocol.VERSIONS.contains(header.trim())) {
            return Optional.empty();
        }
        return Optional.of("Unsupported MCP-Protocol-Version '" + clean(header) + "': this server speaks "
            + String.join(", ", McpProtocol.VERSIONS));
    }

    /** True unless the client said it cannot take {@code application/json}. */
    public static boolean acceptsJson(String accept) {
        if (accept == null || accept.isBlank()) {
            return true;
        }
        for (String part : accept.toLowerCase(Locale.ROOT).split(",")) {
            String type = part.split(";")[0].trim();
            if (type.equals("application/json") || type.equals("application/*") || type.equals("*/*")) {
                return true;
            }
        }
        return false;
    }

    public static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || type.endsWith("+json");
    }

    static String hostName(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end > 0 ? h.substring(0, end + 1) : h;
        }
        int colon = h.indexOf(':');
        return colon >= 0 ? h.substring(0, colon) : h;
    }

    private static String clean(String s) {
        String c = s.replaceAll("\\p{Cntrl}", "?");
        return c.length() > 200 ? c.substring(0, 200) + "…" : c;
    }
}
