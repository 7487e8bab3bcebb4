package dev.actgate.shared.upstream;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorCode;
import dev.actgate.shared.integrations.EffectiveIntegration;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The request building shared by /act's upstream call and the identity probe (no I/O). */
class UpstreamRequestBuilderTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final UpstreamRequestBuilder BUILDER = new UpstreamRequestBuilder(JSON);
    static final EffectiveIntegration GITHUB_LIKE = new EffectiveIntegration(null, null, "https://api.example.com/v1", null,
        Map.of("Accept", "application/vnd.example+json", "X-Version", "3"), null, null, null, 1000, 1000);
    static final AppliedAuth AUTH = new AppliedAuth("https://api.example.com/v1", Map.of("Authorization", "Bearer t0ken"),
        Map.of("key", "q-secret"), Set.of("Authorization"));

    @Test
    void authHeadersAndQueryAreAppliedLastAndDefaultsKept() {
        UpstreamRequest r = BUILDER.build(GITHUB_LIKE, AUTH, "POST", "/items", JSON.valueToTree(Map.of("page", 2)),
            Map.of("X-Trace", "a"), JSON.valueToTree(Map.of("name", "x")), Map.of("Authorization", "Bearer forged"));
        assertEquals("https://api.example.com/v1/items?page=2&key=q-secret", r.url().toString());
        assertEquals(List.of("Bearer t0ken"), r.headers().get("Authorization"), "the auth wins over anything else");
        assertEquals(List.of("application/vnd.example+json"), r.headers().get("Accept"), "the connector's media type is kept");
        assertEquals(List.of("3"), r.headers().get("X-Version"));
        assertEquals(List.of("application/json"), r.headers().get("Content-Type"));
        assertEquals("{\"name\":\"x\"}", new String(r.body()));
    }

    @Test
    void formBodiesUseBracketNotationAndGetHasNoBody() {
        UpstreamRequest form = BUILDER.build(GITHUB_LIKE, AUTH, "POST", "/c", null,
            Map.of("Content-Type", "application/x-www-form-urlencoded"),
            JSON.valueToTree(Map.of("metadata", Map.of("k", "v w"))), Map.of());
        assertEquals("metadata%5Bk%5D=v+w", new String(form.body()));
        assertNull(BUILDER.build(GITHUB_LIKE, AUTH, "GET", "/c", null, Map.of(), JSON.valueToTree(Map.of("a", 1)), Map.of()).body());
    }

    @Test
    void anAbsoluteUrlOutsideTheBaseUrlKeepsItsHostAndGetsTheAuth() {
        UpstreamRequest r = BUILDER.buildFor(GITHUB_LIKE, AUTH, "GET", "https://openid.example.org/v1/userinfo?alt=json", null);
        assertEquals("https://openid.example.org/v1/userinfo?alt=json&key=q-secret", r.url().toString());
        assertEquals(List.of("Bearer t0ken"), r.headers().get("Authorization"));
        assertEquals(List.of("3"), r.headers().get("X-Version"));
    }

    @Test
    void anAbsoluteUrlUnderTheBaseUrlIsAPathUnderIt() {
        assertEquals("https://api.example.com/v1/me?key=q-secret",
            BUILDER.buildFor(GITHUB_LIKE, AUTH, "GET", "https://api.example.com/v1/me", null).url().toString());
        assertEquals("https://api.example.com/v1/me?key=q-secret", BUILDER.buildFor(GITHUB_LIKE, AUTH, "GET", "/me", null).url().toString());
        // A look-alike prefix is not under the base URL: it is its own (refused) origin, not a path.
        assertThrows(ApiException.class, () -> BUILDER.buildFor(GITHUB_LIKE, AUTH, "GET", "https://user@api.example.com.evil/x", null));
    }

    @Test
    void placeholdersAreFilledByTheBaseUrlRules() {
        assertEquals("/12345/my/profile.json",
            UpstreamRequestBuilder.fillTemplate("/{{connection.accountId}}/my/profile.json", Map.of("accountId", "12345"), Map.of()));
        assertEquals("https://acme.my.salesforce.com/services/oauth2/userinfo", UpstreamRequestBuilder.fillTemplate(
            "{{connection.instanceUrl}}/services/oauth2/userinfo", Map.of("instanceUrl", "https://acme.my.salesforce.com"), Map.of()));
        assertEquals("/tenants/eu1/me", UpstreamRequestBuilder.fillTemplate("/tenants/{{integration.region}}/me", Map.of(),
            Map.of("region", "eu1")));
        ApiException traversal = assertThrows(ApiException.class,
            () -> UpstreamRequestBuilder.fillTemplate("/{{connection.accountId}}/me", Map.of("accountId", "../admin"), Map.of()));
        assertEquals(ErrorCode.UNSAFE_REQUEST_PATH, traversal.code());
        ApiException internal = assertThrows(ApiException.class, () -> UpstreamRequestBuilder.fillTemplate(
            "{{connection.instanceUrl}}/userinfo", Map.of("instanceUrl", "http://169.254.169.254"), Map.of()));
        assertEquals(ErrorCode.UNSAFE_REQUEST_PATH, internal.code());
        assertEquals(ErrorCode.CONFIGURATION_ERROR, assertThrows(ApiException.class,
            () -> UpstreamRequestBuilder.fillTemplate("/{{connection.accountId}}", Map.of(), Map.of())).code());
        assertEquals(ErrorCode.UNSAFE_REQUEST_PATH, assertThrows(ApiException.class,
            () -> UpstreamRequestBuilder.fillTemplate("/{{integration.region}}", Map.of(), Map.of("region", "a/b"))).code());
    }
}
