package dev.actgate.shared.upstream;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The one percent-encoding helper for URLs and forms actgate builds (UTF-8 throughout). Two places keep their own,
 * on purpose: {@link SafeUpstreamUrl} (the SSRF guard decodes layer by layer and checks every layer, which no
 * library encoder does) and the Redactor (it must produce every spelling a secret can take, not one).
 */
public final class PercentEncoding {
    private PercentEncoding() {
    }

    /** {@code application/x-www-form-urlencoded} (space as {@code +}): form bodies and query parameter values. */
    public static String form(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** One URL path segment or query component (space as {@code %20}, {@code /} encoded). */
    public static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Decodes form encoding ({@code +} as space). Throws IllegalArgumentException on a malformed escape. */
    public static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
