package dev.actgate.act.dialects;

import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorCode;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * The Pipedream proxy's {@code url_64} path segment → the path under the connection's base URL, pure.
 *
 * <p>The SDK sends standard base64 ({@code + / =}) of the target URL, percent-encoded ({@code %2B %2F %3D});
 * base64url is accepted too. The target may be absolute — then it must lie inside the connection's base URL (same
 * scheme, host and port, under its path) — or a path. What comes out is a relative path that then goes through
 * the same SSRF rules as {@code /act} ({@code SafeUpstreamUrl}): this class only removes the base URL, it does
 * not decide that a path is safe. Every refusal is {@link ErrorCode#UNSAFE_REQUEST_PATH}, before any request.
 */
public final class PipedreamProxyUrl {
    static final int MAX_CHARS = 8192;

    private PipedreamProxyUrl() {
    }

    /** Percent-decodes (never turning '+' into a space) and base64-decodes the segment into the target URL. */
    public static String decode(String segment) {
        if (segment == null || segment.isEmpty()) {
            throw unsafe("the proxy URL is empty: send the target URL, base64-encoded, as the last path segment");
        }
        if (segment.length() > MAX_CHARS) {
            throw unsafe("the proxy URL is too long");
        }
        String b64 = percentDecode(segment).trim();
        byte[] bytes;
        try {
            bytes = b64.indexOf('-') >= 0 || b64.indexOf('_') >= 0 ? Base64.getUrlDecoder().decode(b64) : Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw unsafe("the proxy URL is not valid base64");
        }
        String url;
        try {
            url = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw unsafe("the proxy URL is not UTF-8 text");
        }
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw unsafe("the proxy URL contains control characters");
            }
        }
        if (url.isEmpty()) {
            throw unsafe("the proxy URL is empty");
        }
        return url;
    }

    /**
     * The part of {@code target} under {@code baseUrl}: {@code /path?query}. A target that is already a path
     * ({@code /…}, not {@code //…}) is returned as it is.
     */
    public static String relativize(String baseUrl, String target) {
        if (target.startsWith("/") && !target.startsWith("//")) {
            return target;
        }
        if (target.startsWith("//") || target.indexOf('\\') >= 0) {
            throw unsafe("the proxy URL must be an absolute http(s) URL under the account's base URL, or a path");
        }
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                throw unsafe("the proxy URL must be ASCII without spaces (percent-encode the rest)");
            }
        }
        URI base;
        URI url;
        try {
            base = new URI(baseUrl);
            // The SDK appends params with a second '?' when the URL has a query already; keep that as query text.
            url = new URI(target);
        } catch (URISyntaxException e) {
            throw unsafe("the proxy URL is not a valid URL");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.isOpaque()) {
            throw unsafe("the proxy URL must be an http(s) URL under the account's base URL, or a path");
        }
        if (url.getRawUserInfo() != null || (url.getRawAuthority() != null && url.getRawAuthority().contains("@"))) {
            throw unsafe("the proxy URL must not contain credentials (user@host)");
        }
        if (url.getRawFragment() != null) {
            throw unsafe("the proxy URL must not have a fragment");
        }
        if (url.getHost() == null || url.getRawAuthority() == null || url.getRawAuthority().contains("%")) {
            throw unsafe("the proxy URL has no usable host");
        }
        String baseScheme = base.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals(baseScheme) || !url.getHost().toLowerCase(Locale.ROOT).equals(base.getHost().toLowerCase(Locale.ROOT))
            || port(url, scheme) != port(base, baseScheme)) {
            throw unsafe("the proxy URL points outside the account's base URL (" + baseScheme + "://" + base.getHost()
                + (base.getPort() >= 0 ? ":" + base.getPort() : "") + ")");
        }
        String prefix = base.getRawPath() == null ? "" : base.getRawPath();
        while (prefix.endsWith("/")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        String rest;
        if (path.equals(prefix)) {
            rest = "/";
        } else if (path.startsWith(prefix + "/")) {
            rest = path.substring(prefix.length());
        } else {
            throw unsafe("the proxy URL's path is outside the account's base URL path (" + (prefix.isEmpty() ? "/" : prefix) + ")");
        }
        return url.getRawQuery() == null ? rest : rest + "?" + url.getRawQuery();
    }

    private static int port(URI u, String scheme) {
        return u.getPort() >= 0 ? u.getPort() : scheme.equals("https") ? 443 : 80;
    }

    /** RFC 3986 percent-decoding only: '+' stays '+', which base64 needs. */
    static String percentDecode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    throw unsafe("the proxy URL has a broken percent-escape");
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw unsafe("the proxy URL has a broken percent-escape");
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else if (c > 0x7f) {
                throw unsafe("the proxy URL segment must be ASCII");
            } else {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    private static ApiException unsafe(String message) {
        return new ApiException(ErrorCode.UNSAFE_REQUEST_PATH, message);
    }
}
