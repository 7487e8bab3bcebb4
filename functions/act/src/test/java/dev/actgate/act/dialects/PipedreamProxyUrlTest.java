package dev.actgate.act.dialects;

import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorCode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PipedreamProxyUrlTest {
    static final String BASE = "https://api.example.com/v2";

    /** What the SDK sends: standard base64, then encodeURIComponent. */
    static String sdkSegment(String url) {
        return URLEncoder.encode(Base64.getEncoder().encodeToString(url.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8)
            .replace("+", "%20");
    }

    @Test
    void decodesTheSdksStandardBase64WithEncodedSlashesAndPlus() {
        // ">>>?" encodes to "Pj4+Pw==" (a '+'), "???" to "Pz8/" (a '/'): both must survive percent-decoding.
        String url = "https://api.example.com/v2/x>>>?q=???";
        String segment = sdkSegment(url);
        assertEquals(true, segment.contains("%2B") || segment.contains("%2F"), segment);
        assertEquals(url, PipedreamProxyUrl.decode(segment));
        assertEquals(url, PipedreamProxyUrl.decode(Base64.getUrlEncoder().withoutPadding().encodeToString(url.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void anAbsoluteUrlInsideTheBaseBecomesItsPath() {
        assertEquals("/users/1?x=1", PipedreamProxyUrl.relativize(BASE, "https://api.example.com/v2/users/1?x=1"));
        assertEquals("/", PipedreamProxyUrl.relativize(BASE, "https://API.example.com:443/v2"));
        assertEquals("/users.list?limit=2?cursor=a%2Fb", PipedreamProxyUrl.relativize(BASE,
            "https://api.example.com/v2/users.list?limit=2?cursor=a%2Fb"), "the SDK's double '?' stays query text");
        assertEquals("/relative", PipedreamProxyUrl.relativize(BASE, "/relative"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "https://evil.example/v2/users",
        "http://api.example.com/v2/users",
        "https://api.example.com:8443/v2/users",
        "https://api.example.com.evil.example/v2/users",
        "https://api.example.com@evil.example/v2/users",
        "https://user:pw@api.example.com/v2/users",
        "https://api.example.com/v2evil/users",
        "https://api.example.com/other",
        "https://api.example.com/v2/users#frag",
        "//evil.example/v2",
        "https:\\\\evil.example\\v2",
        "file:///etc/passwd",
        "gopher://api.example.com/v2",
        "javascript:alert(1)",
        "https://api.example.com%2F@evil.example/v2",
        "https://api.example.com /v2",
        "http://169.254.169.254/latest/meta-data/"
    })
    void urlsOutsideTheBaseAreRefused(String target) {
        ApiException e = assertThrows(ApiException.class, () -> PipedreamProxyUrl.relativize(BASE, target), target);
        assertEquals(ErrorCode.UNSAFE_REQUEST_PATH, e.code());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "%", "%zz", "not base64!", "%C3%A9"})
    void brokenSegmentsAreRefused(String segment) {
        ApiException e = assertThrows(ApiException.class, () -> PipedreamProxyUrl.decode(segment));
        assertEquals(ErrorCode.UNSAFE_REQUEST_PATH, e.code());
    }

    @Test
    void controlCharactersInTheDecodedUrlAreRefused() {
        String segment = Base64.getEncoder().encodeToString("https://api.example.com/v2/a\r\nHost: evil".getBytes(StandardCharsets.UTF_8));
        assertThrows(ApiException.class, () -> PipedreamProxyUrl.decode(segment));
    }
}
