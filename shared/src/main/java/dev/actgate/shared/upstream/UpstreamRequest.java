package dev.actgate.shared.upstream;

import java.net.URI;
import java.util.List;
import java.util.Map;

/** One HTTP request to an external app, fully built (URL resolved, auth applied). */
public record UpstreamRequest(String method, URI url, Map<String, List<String>> headers, byte[] body) {

    /** Methods that may be repeated without changing the outcome (RFC 9110 §9.2.2). */
    public boolean idempotentMethod() {
        return switch (method) {
            case "GET", "HEAD", "PUT", "DELETE", "OPTIONS" -> true;
            default -> false;
        };
    }
}
