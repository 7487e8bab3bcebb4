package dev.actgate.shared.upstream;

import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorCode;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Builds upstream request URLs from an integration's base URL and a caller-supplied path, and refuses anything that
 * could make the request leave that base URL (SSRF). Pure: it never resolves hosts or touches the network, so it
 * runs before any connection is opened. See docs/ssrf-and-redaction.md for the rules and why.
 */
public final class SafeUpstreamUrl {
    /** Longest caller path accepted; real API paths are far shorter, and long ones are usually an attack or a bug. */
    public static final int MAX_PATH_LENGTH = 2048;

    // RFC 3986 scheme followed by ':'; anything shaped like this is an absolute URL, not a path.
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.\\-]*:");
    // Double (and deeper) encoding is peeled this many times: enough for every layered decoder we know of.
    private static final int MAX_DECODE_ROUNDS = 4;
    // Characters kept as-is in a path segment (RFC 3986 pchar minus '%', which is handled separately).
    private static final String PATH_SAFE = "-._~!$&'()*+,;=:@";
    // Characters kept as-is in a query written by the caller inside the path.
    private static final String QUERY_SAFE = "-._~!$&'()*+,;=:@/?";
    // Look-alikes of '.', '/' and '\' that IDNA or sloppy normalisers turn into the real thing.
    private static final Set<Integer> CONFUSABLES = Set.of(
        0x3002, 0xFF0E, 0xFF61, 0x2024, 0x2025, 0xFE52,
        0x2215, 0x2044, 0x29F8, 0xFF0F, 0x2571,
        0x29F9, 0x2216, 0xFF3C, 0xFE68, 0x2572);
    private static final String STRUCTURAL = "/\\.:@?#%;";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private SafeUpstreamUrl() {
    }

    /**
     * The URL for {@code path} (optionally with its own {@code ?query}) under {@code baseUrl}, with {@code query}
     * appended. Throws {@link ErrorCode#UNSAFE_REQUEST_PATH} for any path that could leave the base URL, and
     * {@link ErrorCode#CONFIGURATION_ERROR} if the base URL itself is unusable.
     */
    public static URI resolve(String baseUrl, String path, Map<String, List<String>> query) {
        Base base = parseBase(baseUrl, ErrorCode.CONFIGURATION_ERROR, "integration base URL is invalid: ");
        String p = path == null ? "" : path;
        checkShape(p);

        int q = p.indexOf('?');
        String rawPath = q < 0 ? p : p.substring(0, q);
        String rawQuery = q < 0 ? "" : p.substring(q + 1);

        String encodedPath = encodePath(rawPath);
        String fullPath = base.prefix() + encodedPath;
        if (fullPath.isEmpty()) {
            fullPath = "/";
        }
        StringBuilder qs = new StringBuilder();
        encodeInto(qs, rawQuery, QUERY_SAFE);
        appendQueryMap(qs, query);

        String full = base.scheme() + "://" + base.authority() + fullPath + (qs.length() > 0 ? "?" + qs : "");
        URI uri;
        try {
            uri = new URI(full);
        } catch (URISyntaxException e) {
            throw unsafe("path does not form a valid URL under the integration's base URL");
        }
        // Belt and braces: whatever the checks above missed, the result must still be under the base URL.
        if (!uri.normalize().equals(uri) || !within(base, uri)) {
            throw unsafe("path must stay under the integration's base URL");
        }
        return uri;
    }

    /**
     * Refuses a redirect unless {@code location} stays on the base URL's scheme, host and port and under its path.
     * Pass {@code location} already resolved against the request URL; a relative one is resolved against
     * {@code base}. Throws {@link ErrorCode#UPSTREAM_ERROR}: the external app sent the redirect, not the caller.
     */
    public static void checkRedirect(URI base, URI location) {
        Base b = parseBase(base == null ? null : base.toString(), ErrorCode.CONFIGURATION_ERROR,
            "integration base URL is invalid: ");
        if (location == null) {
            throw redirect("the redirect has no location");
        }
        URI target;
        try {
            target = location.isAbsolute() ? location : URI.create(b.scheme() + "://" + b.authority()
                + b.prefix() + "/").resolve(location);
        } catch (IllegalArgumentException e) {
            throw redirect("the redirect location is not a valid URL");
        }
        if (target.isOpaque() || target.getRawUserInfo() != null || !within(b, target)) {
            String host = target.getHost() == null ? "another location" : "host " + target.getHost();
            throw redirect("the upstream redirected to " + host + ", outside the integration's base URL");
        }
        String rawPath = target.getRawPath() == null ? "" : target.getRawPath();
        try {
            checkSegments(rawPath.startsWith("/") ? rawPath.substring(1) : rawPath, false, true);
        } catch (ApiException e) {
            throw redirect("the redirect location's path is unsafe: " + e.getMessage());
        }
    }

    /**
     * Validates an admin-configured integration base URL: absolute http(s), a host, no userinfo, query or fragment,
     * and a clean path. Throws {@link ErrorCode#VALIDATION_ERROR}.
     */
    public static void checkBaseUrl(String baseUrl) {
        parseBase(baseUrl, ErrorCode.VALIDATION_ERROR, "baseUrl ");
    }

    // ---- base URL ----------------------------------------------------------------------------------------------

    /** A parsed base URL; {@code prefix} is its raw path without trailing slashes ("" for none). */
    private record Base(String scheme, String authority, String host, int port, String prefix) {
    }

    private static Base parseBase(String baseUrl, ErrorCode code, String lead) {
        if (baseUrl == null || baseUrl.isBlank()) {
            throw new ApiException(code, lead + "is required");
        }
        if (baseUrl.length() > MAX_PATH_LENGTH) {
            throw new ApiException(code, lead + "is too long (max " + MAX_PATH_LENGTH + " characters)");
        }
        for (int i = 0; i < baseUrl.length(); i++) {
            char c = baseUrl.charAt(i);
            if (c <= 0x20 || c >= 0x7F) {
                throw new ApiException(code, lead + "must be ASCII without spaces or control characters "
                    + "(use the punycode form of international host names)");
            }
            if (c == '\\') {
                throw new ApiException(code, lead + "must not contain backslashes");
            }
        }
        URI u;
        try {
            u = new URI(baseUrl);
        } catch (URISyntaxException e) {
            throw new ApiException(code, lead + "is not a valid URL");
        }
        String scheme = u.getScheme() == null ? null : u.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme) || u.isOpaque()) {
            throw new ApiException(code, lead + "must be an absolute http or https URL");
        }
        if (u.getRawUserInfo() != null || (u.getRawAuthority() != null && u.getRawAuthority().contains("@"))) {
            throw new ApiException(code, lead + "must not contain credentials (user:password@)");
        }
        if (u.getHost() == null || u.getHost().isEmpty()) {
            throw new ApiException(code, lead + "must have a valid host name");
        }
        if (u.getRawQuery() != null) {
            throw new ApiException(code, lead + "must not have a query string");
        }
        if (u.getRawFragment() != null) {
            throw new ApiException(code, lead + "must not have a fragment");
        }
        if (u.getPort() == 0 || u.getPort() > 65535) {
            throw new ApiException(code, lead + "has an invalid port");
        }
        String rawPath = u.getRawPath() == null ? "" : u.getRawPath();
        String prefix = rawPath;
        while (prefix.endsWith("/")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        try {
            if (!prefix.isEmpty()) {
                checkSegments(prefix.substring(1), false, false);
            }
        } catch (ApiException e) {
            throw new ApiException(code, lead + "has an unsafe path: " + e.getMessage());
        }
        int port = u.getPort() >= 0 ? u.getPort() : defaultPort(scheme);
        return new Base(scheme, u.getRawAuthority(), u.getHost().toLowerCase(Locale.ROOT), port, prefix);
    }

    private static int defaultPort(String scheme) {
        return "https".equals(scheme) ? 443 : 80;
    }

    private static boolean within(Base base, URI uri) {
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!base.scheme().equals(scheme) || uri.getHost() == null
            || !base.host().equals(uri.getHost().toLowerCase(Locale.ROOT))) {
            return false;
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : defaultPort(scheme);
        if (port != base.port()) {
            return false;
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        return base.prefix().isEmpty() || path.equals(base.prefix()) || path.startsWith(base.prefix() + "/");
    }

    // ---- caller path -------------------------------------------------------------------------------------------

    /** Whole-string checks: everything that is wrong wherever it appears. */
    private static void checkShape(String p) {
        if (p.length() > MAX_PATH_LENGTH) {
            throw unsafe("path is too long (max " + MAX_PATH_LENGTH + " characters)");
        }
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                throw unsafe("path must not contain control characters");
            }
        }
        String stripped = p.stripLeading();
        if (SCHEME.matcher(stripped).find()) {
            throw unsafe("path must be relative to the integration's base URL: absolute URLs are not allowed"
                + " (start the path with '/' if its first segment contains ':')");
        }
        if (stripped.length() != p.length()) {
            throw unsafe("path must not start with whitespace");
        }
        if (p.startsWith("//")) {
            throw unsafe("path must be relative to the integration's base URL: '//host' URLs are not allowed");
        }
        if (p.indexOf('\\') >= 0) {
            throw unsafe("path must not contain backslashes");
        }
        if (p.indexOf('#') >= 0) {
            throw unsafe("path must not contain a '#' fragment (encode a literal '#' as %23)");
        }
        for (int i = 0; i < p.length(); i++) {
            if (p.charAt(i) == '%' && (i + 2 >= p.length() || !isHex(p.charAt(i + 1)) || !isHex(p.charAt(i + 2)))) {
                throw unsafe("path has a '%' not followed by two hex digits (encode a literal '%' as %25)");
            }
        }
        // Look-alike checks apply to the path part only (per segment); a query may legitimately hold any text.
    }

    /** Checks every segment, then percent-encodes what needs it; returns "" or a string starting with '/'. */
    private static String encodePath(String rawPath) {
        if (rawPath.isEmpty()) {
            return "";
        }
        String relative = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
        checkSegments(relative, true, false);
        StringBuilder sb = new StringBuilder(rawPath.length() + 16).append('/');
        encodeInto(sb, relative, PATH_SAFE + "/");
        return sb.toString();
    }

    /**
     * Checks the '/'-separated segments of a raw path (without its leading '/'). {@code callerPath} adds the rules
     * that only make sense for the first segment of a caller's path; {@code allowEmpty} permits '//' (redirects).
     */
    private static void checkSegments(String relative, boolean callerPath, boolean allowEmpty) {
        String[] segments = relative.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String seg = segments[i];
            if (seg.isEmpty() && i < segments.length - 1 && !allowEmpty) {
                throw unsafe("path must not contain empty segments ('//'); is a path parameter missing?");
            }
            checkSegment(seg, callerPath && i == 0);
        }
    }

    /** Peels percent-encoding layer by layer and checks every layer, so %252e%252e is as dead as '..'. */
    private static void checkSegment(String seg, boolean first) {
        String layer = seg;
        for (int round = 0; round <= MAX_DECODE_ROUNDS; round++) {
            checkLayer(layer, first);
            if (layer.indexOf('%') < 0) {
                return;
            }
            String next = decodeOnce(layer, round == 0);
            if (next == null || next.equals(layer)) {
                return;
            }
            layer = next;
        }
        throw unsafe("path is percent-encoded too many times");
    }

    private static void checkLayer(String s, boolean first) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                throw unsafe("path must not contain control characters, even percent-encoded (%00, %0d%0a, ...)");
            }
            if (c == '\\') {
                throw unsafe("path must not contain backslashes, even percent-encoded (%5c)");
            }
        }
        if (first && s.indexOf('@') >= 0) {
            throw unsafe("path must not contain '@' in its first segment: it looks like user@host");
        }
        if (first && s.indexOf('/') >= 0) {
            throw unsafe("path must not contain an encoded '/' in its first segment");
        }
        for (String part : s.split("/", -1)) {
            if (isDotSegment(part)) {
                throw unsafe("path must not contain '.' or '..' segments, in any encoding");
            }
        }
        checkCodePoints(s, "path");
    }

    /**
     * True for '.', '..' and their disguises: only dots and spaces (Windows servers drop trailing ones), and a
     * ';param' suffix (Tomcat and others treat '..;x' as '..').
     */
    private static boolean isDotSegment(String part) {
        int semi = part.indexOf(';');
        String name = semi < 0 ? part : part.substring(0, semi);
        boolean dot = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '.') {
                dot = true;
            } else if (c != ' ') {
                return false;
            }
        }
        return dot;
    }

    /** Refuses non-ASCII that is invisible, invalid UTF-16, or a look-alike of a URL delimiter. */
    private static void checkCodePoints(String s, String what) {
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp < 0x80) {
                continue;
            }
            switch (Character.getType(cp)) {
                case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE,
                     Character.UNASSIGNED, Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR,
                     Character.PARAGRAPH_SEPARATOR ->
                    throw unsafe(what + " must not contain invisible, private or invalid Unicode characters");
                default -> {
                }
            }
            if (CONFUSABLES.contains(cp) || containsAny(Normalizer.normalize(new String(Character.toChars(cp)),
                Normalizer.Form.NFKC), STRUCTURAL)) {
                throw unsafe(what + " must not contain Unicode look-alikes of '.', '/', '\\', ':', '@', '?', '#' "
                    + "or '%' (U+" + Integer.toHexString(cp).toUpperCase(Locale.ROOT) + ")");
            }
        }
    }

    private static boolean containsAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * One round of percent-decoding as UTF-8. On the first round bad escapes or invalid UTF-8 are refused; on later
     * rounds they just mean "this is literal data", so null stops the peeling.
     */
    private static String decodeOnce(String s, boolean strict) {
        ByteBuffer bytes = ByteBuffer.allocate(s.length() * 3);
        for (int i = 0; i < s.length(); ) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length() || !isHex(s.charAt(i + 1)) || !isHex(s.charAt(i + 2))) {
                    if (strict) {
                        throw unsafe("path has a '%' not followed by two hex digits");
                    }
                    return null;
                }
                bytes.put((byte) Integer.parseInt(s, i + 1, i + 3, 16));
                i += 3;
            } else {
                int cp = s.codePointAt(i);
                bytes.put(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp);
            }
        }
        bytes.flip();
        try {
            return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(bytes).toString();
        } catch (CharacterCodingException e) {
            if (strict) {
                throw unsafe("path has percent-encoded bytes that are not valid UTF-8");
            }
            return null;
        }
    }

    // ---- encoding ----------------------------------------------------------------------------------------------

    /**
     * Appends {@code s} keeping {@code safe} characters and valid %XX escapes (hex upper-cased), and percent-encoding
     * everything else as UTF-8. {@code s} was checked before, so every '%' starts a valid escape.
     */
    private static void encodeInto(StringBuilder sb, String s, String safe) {
        for (int i = 0; i < s.length(); ) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && isHex(s.charAt(i + 1)) && isHex(s.charAt(i + 2))) {
                sb.append('%').append(Character.toUpperCase(s.charAt(i + 1)))
                    .append(Character.toUpperCase(s.charAt(i + 2)));
                i += 3;
            } else if (isAlnum(c) || safe.indexOf(c) >= 0) {
                sb.append(c);
                i++;
            } else {
                int cp = s.codePointAt(i);
                int n = Character.charCount(cp);
                appendUtf8(sb, s.substring(i, i + n), true);
                i += n;
            }
        }
    }

    private static void appendQueryMap(StringBuilder sb, Map<String, List<String>> query) {
        if (query == null) {
            return;
        }
        for (Map.Entry<String, List<String>> e : query.entrySet()) {
            String name = e.getKey();
            if (name == null || name.isEmpty()) {
                throw ApiException.validation("query parameter names must not be empty");
            }
            if (e.getValue() == null) {
                continue;
            }
            for (String value : e.getValue()) {
                if (sb.length() > 0) {
                    sb.append('&');
                }
                appendComponent(sb, name);
                if (value != null) {
                    sb.append('=');
                    appendComponent(sb, value);
                }
            }
        }
    }

    /** Encodes a query name or value completely: only RFC 3986 unreserved characters stay as they are. */
    private static void appendComponent(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isAlnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
                sb.append(c);
            } else if (c < 0x80) {
                sb.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            } else {
                int cp = s.codePointAt(i);
                int n = Character.charCount(cp);
                appendUtf8(sb, s.substring(i, i + n), false);
                i += n - 1;
            }
        }
    }

    private static void appendUtf8(StringBuilder sb, String codePoint, boolean fromPath) {
        byte[] bytes;
        try {
            ByteBuffer buf = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .encode(CharBuffer.wrap(codePoint));
            bytes = new byte[buf.remaining()];
            buf.get(bytes);
        } catch (CharacterCodingException e) {
            throw fromPath ? unsafe("path is not valid Unicode text")
                : ApiException.validation("query parameters must be valid Unicode text");
        }
        for (byte b : bytes) {
            sb.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
        }
    }

    private static boolean isAlnum(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }

    private static boolean isHex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    private static ApiException unsafe(String message) {
        return new ApiException(ErrorCode.UNSAFE_REQUEST_PATH, message);
    }

    private static ApiException redirect(String message) {
        return new ApiException(ErrorCode.UPSTREAM_ERROR, "Redirect not followed: " + message);
    }
}
