package dev.actgate.shared.upstream;

import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafeUpstreamUrlTest {
    private static final String GITHUB = "https://api.github.com";
    private static final String ZENDESK = "https://acme.zendesk.com/api/v2";

    static Stream<String> hostilePaths() {
        return Stream.of(
            // absolute and scheme-relative URLs
            "http://evil.example",
            "HTTPS://evil.example/x",
            "https:evil.example",
            "javascript:alert(1)",
            "file:///etc/passwd",
            "mailto:a@evil.example",
            "data:text/plain,hi",
            "gopher://127.0.0.1:25/",
            "  http://evil.example",
            " /repos",
            "\thttp://evil.example",
            "//evil.example",
            "//evil.example/repos",
            // backslashes
            "\\\\evil.example\\x",
            "/\\evil.example",
            "/repos\\..\\admin",
            "/%5cevil.example",
            "/repos/%5C../admin",
            "/repos/%255c",
            // dot segments, every encoding
            "/../admin",
            "../admin",
            "/repos/../../admin",
            "/repos/./x",
            "/.",
            "/repos/..",
            "/%2e%2e/admin",
            "/%2E%2E/admin",
            "/%2E./admin",
            "/.%2e/admin",
            "/repos/%2e",
            "/%252e%252e/admin",
            "/%25252e%25252e/admin",
            "/repos/..%2f..%2fadmin",
            "/repos/%2e%2e%2f%2e%2e%2fadmin",
            "/repos/..%252f..%252fadmin",
            "/repos/..%2Fadmin",
            "/repos/..;/admin",
            "/repos/..;jsessionid=1/admin",
            "/repos/.../admin",
            "/repos/.. /admin",
            "/repos/..%20/admin",
            // userinfo
            "@evil.example",
            "user:pass@evil.example/x",
            "evil.example@api.github.com",
            "/@evil.example",
            "/user@evil.example/x",
            "/%40evil.example/x",
            "/x%2540evil.example",
            // control characters, raw and encoded
            "/repos\u0000",
            "/repos\r\nHost: evil.example",
            "/repos\n",
            "/repos\u007f",
            "/repos%00",
            "/repos%0d%0aHost:%20evil.example",
            "/repos%0A",
            "/repos%7F",
            "/repos%1b[31m",
            "/repos%250d%250a",
            // fragments
            "/repos#frag",
            "/repos?q=1#frag",
            "#/admin",
            // broken escapes
            "%",
            "/repos%",
            "/repos%2",
            "/repos%zz",
            "/repos%%32%65",
            "/repos?q=%g0",
            // invalid UTF-8 behind escapes (overlong dots and lone bytes)
            "/%c0%ae%c0%ae/admin",
            "/repos/%ff",
            // Unicode look-alikes, invisible characters, invalid UTF-16
            "/evil\u3002example",
            "\uff0fevil.example",
            "/repos\uff0f..\uff0fadmin",
            "/repos/\uff0e\uff0e/admin",
            "/repos/\u2024\u2024/admin",
            "/repos/a\u2215b",
            "/repos/%E3%80%82",
            "/repos/%EF%BC%8F",
            "/repos/\u202eevil",
            "/repos/\u200b",
            "/repos/\u00a0",
            "/repos/\ud800",
            "/repos/\udc00x",
            // other shapes
            "/repos//admin",
            "/%2F%2Fevil.example/x",
            "http%3A%2F%2Fevil.example",
            "/" + "a".repeat(SafeUpstreamUrl.MAX_PATH_LENGTH));
    }

    @ParameterizedTest
    @MethodSource("hostilePaths")
    void refusesHostilePaths(String path) {
        for (String base : List.of(GITHUB, ZENDESK)) {
            ApiException e = assertThrows(ApiException.class, () -> SafeUpstreamUrl.resolve(base, path, Map.of()),
                () -> "accepted " + path);
            assertEquals(ErrorCode.UNSAFE_REQUEST_PATH, e.code(), path);
            assertFalse(e.getMessage().isBlank());
        }
    }

    static Stream<Arguments> legitimatePaths() {
        return Stream.of(
            Arguments.of(GITHUB, "/repos/octo/hello/issues", "https://api.github.com/repos/octo/hello/issues"),
            Arguments.of(GITHUB, "repos/octo/hello", "https://api.github.com/repos/octo/hello"),
            Arguments.of(GITHUB, "/repos/a b/issues", "https://api.github.com/repos/a%20b/issues"),
            Arguments.of(GITHUB, "", "https://api.github.com/"),
            Arguments.of(GITHUB, null, "https://api.github.com/"),
            Arguments.of(GITHUB, "/", "https://api.github.com/"),
            Arguments.of(GITHUB, "/users/", "https://api.github.com/users/"),
            Arguments.of(GITHUB, "/search/issues?q=a b", "https://api.github.com/search/issues?q=a%20b"),
            Arguments.of(GITHUB, "/search?q=a+b&sort=x", "https://api.github.com/search?q=a+b&sort=x"),
            Arguments.of(GITHUB, "/search?q=100%25", "https://api.github.com/search?q=100%25"),
            Arguments.of(GITHUB, "/search?q=%0A", "https://api.github.com/search?q=%0A"),
            Arguments.of(GITHUB, "/.well-known/openid-configuration",
                "https://api.github.com/.well-known/openid-configuration"),
            Arguments.of(GITHUB, "/repos/a..b/v1.2/...x", "https://api.github.com/repos/a..b/v1.2/...x"),
            Arguments.of(GITHUB, "/users/alice@example.com", "https://api.github.com/users/alice@example.com"),
            Arguments.of(GITHUB, "/channels/%23general", "https://api.github.com/channels/%23general"),
            Arguments.of(GITHUB, "/files/r\u00e9sum\u00e9.pdf", "https://api.github.com/files/r%C3%A9sum%C3%A9.pdf"),
            Arguments.of(GITHUB, "/files/%e6%97%a5%e6%9c%ac", "https://api.github.com/files/%E6%97%A5%E6%9C%AC"),
            Arguments.of(GITHUB, "/files/\u65e5\u672c", "https://api.github.com/files/%E6%97%A5%E6%9C%AC"),
            Arguments.of(GITHUB, "/cars;color=red/x", "https://api.github.com/cars;color=red/x"),
            Arguments.of(GITHUB, "/repos/{owner}/\"q\"", "https://api.github.com/repos/%7Bowner%7D/%22q%22"),
            Arguments.of(GITHUB, "/v1/items/%2f", "https://api.github.com/v1/items/%2F"),
            Arguments.of(GITHUB, "/charges?expand[]=customer",
                "https://api.github.com/charges?expand%5B%5D=customer"),
            Arguments.of("https://gitlab.com/api/v4", "/projects/group%2Fproject/issues",
                "https://gitlab.com/api/v4/projects/group%2Fproject/issues"),
            Arguments.of("https://sheets.googleapis.com/v4", "/spreadsheets/abc:batchUpdate",
                "https://sheets.googleapis.com/v4/spreadsheets/abc:batchUpdate"),
            Arguments.of(ZENDESK, "/tickets.json", "https://acme.zendesk.com/api/v2/tickets.json"),
            Arguments.of(ZENDESK + "/", "tickets/1", "https://acme.zendesk.com/api/v2/tickets/1"),
            Arguments.of(ZENDESK + "/", "", "https://acme.zendesk.com/api/v2"),
            Arguments.of(ZENDESK, "/", "https://acme.zendesk.com/api/v2/"),
            Arguments.of("https://api.example.com/", "x", "https://api.example.com/x"),
            Arguments.of("HTTPS://API.example.com:8443/Base", "/x", "https://API.example.com:8443/Base/x"),
            Arguments.of("http://127.0.0.1:4010/v1", "/pets?limit=10", "http://127.0.0.1:4010/v1/pets?limit=10"),
            Arguments.of("http://[::1]:4010", "/pets", "http://[::1]:4010/pets"));
    }

    @ParameterizedTest
    @MethodSource("legitimatePaths")
    void resolvesLegitimatePaths(String base, String path, String expected) {
        assertEquals(URI.create(expected), SafeUpstreamUrl.resolve(base, path, null));
        assertEquals(expected, SafeUpstreamUrl.resolve(base, path, Map.of()).toString());
    }

    @Test
    void encodesAndMergesQueryParameters() {
        Map<String, List<String>> query = new LinkedHashMap<>();
        query.put("q", List.of("a&b=c d+e"));
        query.put("tag", List.of("x", "y"));
        query.put("na me", List.of("\u00e9/?#%"));
        query.put("flag", java.util.Collections.singletonList(null));
        query.put("empty", List.of(""));
        query.put("skipped", null);
        URI uri = SafeUpstreamUrl.resolve(GITHUB, "/search?sort=updated", query);
        assertEquals("https://api.github.com/search?sort=updated&q=a%26b%3Dc%20d%2Be&tag=x&tag=y"
            + "&na%20me=%C3%A9%2F%3F%23%25&flag&empty=", uri.toString());
    }

    @Test
    void queryParameterNamesMustNotBeEmpty() {
        ApiException e = assertThrows(ApiException.class,
            () -> SafeUpstreamUrl.resolve(GITHUB, "/x", Map.of("", List.of("v"))));
        assertEquals(ErrorCode.VALIDATION_ERROR, e.code());
    }

    @Test
    void queryValuesMayHoldAnyValidText() {
        URI uri = SafeUpstreamUrl.resolve(GITHUB, "/search?q=\u3053\u3093\u306b\u3061\u306f\u3002",
            Map.of("jql", List.of("project = X\nORDER BY \u3002")));
        assertEquals("https://api.github.com/search?q=%E3%81%93%E3%82%93%E3%81%AB%E3%81%A1%E3%81%AF%E3%80%82"
            + "&jql=project%20%3D%20X%0AORDER%20BY%20%E3%80%82", uri.toString());
    }

    @Test
    void pathsAtTheLengthLimitAreAccepted() {
        String path = "/" + "a".repeat(SafeUpstreamUrl.MAX_PATH_LENGTH - 1);
        assertEquals(GITHUB + path, SafeUpstreamUrl.resolve(GITHUB, path, null).toString());
    }

    @Test
    void resultAlwaysStaysUnderTheBase() {
        for (String path : List.of("/a", "a/b", "/a/%2F/b", "/x?y=z")) {
            URI uri = SafeUpstreamUrl.resolve(ZENDESK, path, null);
            assertEquals("acme.zendesk.com", uri.getHost());
            assertTrue(uri.getRawPath().startsWith("/api/v2/"), uri.toString());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "https://api.github.com", "https://api.github.com/", "https://acme.zendesk.com/api/v2",
        "https://acme.zendesk.com/api/v2/", "http://127.0.0.1:4010/v1", "http://localhost:8080",
        "HTTPS://Example.COM/Base", "http://[::1]:4010/x"})
    void acceptsBaseUrls(String base) {
        assertDoesNotThrow(() -> SafeUpstreamUrl.checkBaseUrl(base));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "   ", "api.github.com", "/api/v2", "ftp://example.com", "javascript:alert(1)", "https:example.com",
        "https://", "https:///path", "https://user:pass@example.com", "https://user@example.com",
        "https://example.com?x=1", "https://example.com?", "https://example.com#frag", "https://example.com/#",
        "https://example.com/a/../b", "https://example.com/a/%2e%2e/b", "https://example.com//a",
        "https://example.com/a b", " https://example.com", "https://example.com\\@evil.example",
        "https://ex\u00e4mple.com", "https://example.com:0", "https://example.com:99999", "https://exa mple.com"})
    void refusesBadBaseUrls(String base) {
        ApiException e = assertThrows(ApiException.class, () -> SafeUpstreamUrl.checkBaseUrl(base), base);
        assertEquals(ErrorCode.VALIDATION_ERROR, e.code());
    }

    @Test
    void refusesNullBaseUrl() {
        assertThrows(ApiException.class, () -> SafeUpstreamUrl.checkBaseUrl(null));
    }

    @Test
    void badBaseUrlInResolveIsAConfigurationError() {
        ApiException e = assertThrows(ApiException.class,
            () -> SafeUpstreamUrl.resolve("https://u:p@example.com", "/x", null));
        assertEquals(ErrorCode.CONFIGURATION_ERROR, e.code());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "https://acme.zendesk.com/api/v2/tickets/2", "https://ACME.zendesk.com:443/api/v2/tickets?page=2",
        "https://acme.zendesk.com/api/v2", "/api/v2/tickets/3", "tickets/4", "https://acme.zendesk.com/api/v2/x#y"})
    void followsRedirectsUnderTheBase(String location) {
        assertDoesNotThrow(() -> SafeUpstreamUrl.checkRedirect(URI.create(ZENDESK), URI.create(location)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "http://acme.zendesk.com/api/v2/tickets", "https://evil.example/api/v2/tickets",
        "https://acme.zendesk.com:8443/api/v2/tickets", "https://acme.zendesk.com/api/v3/tickets",
        "https://acme.zendesk.com/api/v2x", "https://acme.zendesk.com/", "//evil.example/api/v2",
        "/api/v1/tickets", "../v1/x", "https://acme.zendesk.com/api/v2/../../admin",
        "https://acme.zendesk.com/api/v2/%2e%2e/%2e%2e/admin", "https://user@acme.zendesk.com/api/v2/x",
        "https://acme.zendesk.com.evil.example/api/v2", "mailto:x@acme.zendesk.com", "file:///api/v2"})
    void refusesRedirectsOffTheBase(String location) {
        ApiException e = assertThrows(ApiException.class,
            () -> SafeUpstreamUrl.checkRedirect(URI.create(ZENDESK), URI.create(location)), location);
        assertEquals(ErrorCode.UPSTREAM_ERROR, e.code());
    }

    @Test
    void refusesMissingRedirectLocation() {
        assertThrows(ApiException.class, () -> SafeUpstreamUrl.checkRedirect(URI.create(GITHUB), null));
    }
}
