package dev.actgate.act;

import dev.actgate.shared.upstream.SafeUpstreamUrl;
import dev.actgate.shared.upstream.UpstreamRequest;
import dev.actgate.shared.upstream.UpstreamResponse;

import java.net.URI;

/**
 * Which redirects an upstream call follows: only a 3xx with a {@code Location} that stays under the connection's base
 * URL (same scheme, host, port, path prefix: {@link SafeUpstreamUrl#checkRedirect}), with the method rewritten to GET
 * where HTTP says so (303 always; 301/302 for anything but GET/HEAD). Anything else is not followed: the 3xx is the
 * answer. Pure; the caller counts the hops.
 */
final class UpstreamRedirects {
    private UpstreamRedirects() {
    }

    /** The request to send after {@code response} to {@code current}, or null when it is not a redirect to follow. */
    static UpstreamRequest next(UpstreamRequest current, UpstreamResponse response, String baseUrl) {
        String location = response.header("location");
        if (response.status() < 300 || response.status() >= 400 || location == null) {
            return null;
        }
        URI target;
        try {
            target = current.url().resolve(location);
            SafeUpstreamUrl.checkRedirect(URI.create(baseUrl), target);
        } catch (RuntimeException e) {
            return null;   // off the base URL (or not a URL): not followed
        }
        boolean toGet = response.status() == 303 || ((response.status() == 301 || response.status() == 302)
            && !current.method().equals("GET") && !current.method().equals("HEAD"));
        return new UpstreamRequest(toGet ? "GET" : current.method(), target, current.headers(), toGet ? null : current.body());
    }
}
