package dev.actgate.act;

import dev.actgate.shared.upstream.UpstreamRequest;
import dev.actgate.shared.upstream.UpstreamResponse;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Which redirects an upstream call follows, and how the next request looks (pure: no I/O). */
class UpstreamRedirectsTest {
    static final String BASE = "https://api.example.com/v1";
    static final UpstreamRequest POST = new UpstreamRequest("POST", URI.create(BASE + "/orders"),
        Map.of("Authorization", List.of("Bearer t")), "{\"a\":1}".getBytes());

    static UpstreamResponse answer(int status, String location) {
        return new UpstreamResponse(status, location == null ? Map.of() : Map.of("location", List.of(location)), new byte[0], 1);
    }

    @Test
    void sameOriginRedirectsAreFollowedWithTheMethodHttpPrescribes() {
        UpstreamRequest seeOther = UpstreamRedirects.next(POST, answer(303, "/v1/orders/7"), BASE);
        assertEquals("GET", seeOther.method());
        assertEquals(BASE + "/orders/7", seeOther.url().toString());
        assertNull(seeOther.body());
        assertEquals(POST.headers(), seeOther.headers());
        UpstreamRequest temporary = UpstreamRedirects.next(POST, answer(307, BASE + "/orders-v2"), BASE);
        assertEquals("POST", temporary.method(), "307 keeps the method and the body");
        assertArrayEquals(POST.body(), temporary.body());
        assertEquals("GET", UpstreamRedirects.next(POST, answer(302, "/v1/x"), BASE).method());
    }

    @Test
    void redirectsOffTheBaseUrlOrWithoutLocationAreNotFollowed() {
        assertNull(UpstreamRedirects.next(POST, answer(302, "https://evil.example.net/v1/orders"), BASE));
        assertNull(UpstreamRedirects.next(POST, answer(302, "/admin"), BASE), "outside the base path");
        assertNull(UpstreamRedirects.next(POST, answer(302, "http://api.example.com/v1/orders"), BASE), "scheme change");
        assertNull(UpstreamRedirects.next(POST, answer(302, null), BASE));
        assertNull(UpstreamRedirects.next(POST, answer(200, "/v1/orders/7"), BASE), "not a redirect");
    }
}
