package dev.actgate.shared.approvals;

import dev.actgate.shared.errors.ApiException;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Glob patterns over request paths: {@code *} is one path segment (or part of one), {@code **} any number of
 * segments. Paths are compared in a normal form — percent-decoded, lower case, repeated slashes and a trailing
 * slash removed — so {@code /Pay%6Dents//} cannot slip past a rule on {@code /payments}. Rules err towards matching:
 * case-insensitive, because many apps route case-insensitively.
 */
final class PathPattern {
    private PathPattern() {
    }

    static Pattern compile(String glob) {
        String g = normalize(glob);
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < g.length(); i++) {
            char c = g.charAt(i);
            if (c == '/' && g.startsWith("/**", i)) {
                re.append("(?:/.*)?");   // "/a/**" also matches "/a" itself
                i += 2;
            } else if (c == '*') {
                if (i + 1 < g.length() && g.charAt(i + 1) == '*') {
                    re.append(".*");
                    i++;
                } else {
                    re.append("[^/]*");
                }
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        try {
            return Pattern.compile(re.toString());
        } catch (RuntimeException e) {
            throw ApiException.validation("match.path: '" + glob + "' is not a valid pattern");
        }
    }

    static boolean matches(String glob, String path) {
        return compile(glob).matcher(normalize(path)).matches();
    }

    static String normalize(String path) {
        String p = path;
        try {
            p = URLDecoder.decode(p.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            // Not decodable: compare it as written (the engine refuses such paths before sending anyway).
        }
        p = p.toLowerCase(Locale.ROOT).replaceAll("/{2,}", "/");
        if (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.isEmpty() ? "/" : p;
    }
}
