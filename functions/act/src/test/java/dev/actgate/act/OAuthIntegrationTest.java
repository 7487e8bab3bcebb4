package dev.actgate.act;

import dev.actgate.shared.auth.Caller;
import dev.actgate.shared.connections.ConnectionCredentials;
import dev.actgate.shared.connections.ConnectionService;
import dev.actgate.shared.connections.ConnectionState;
import dev.actgate.shared.credentials.OAuth2TokenClient;
import dev.actgate.shared.integrations.IntegrationService;
import dev.actgate.shared.testing.FunctionHarness;
import dev.actgate.shared.testing.TestStorage;
import dev.actgate.shared.testing.TestUpstream;
import dev.actgate.shared.testing.TestUpstream.Reply;
import dev.actgate.shared.testing.TestWorkspaces;
import dev.actgate.shared.workspaces.Workspace;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * OAuth2 connections against a real authorization server in this JVM (mock-oauth2-server): the authorization code
 * grant with PKCE, refresh before expiry and after a 401, the lease that makes 50 concurrent callers cost one
 * token-endpoint call, invalid_grant, and client credentials.
 */
@ActFixtureSettings("actgate.upstream.backoff-base-ms=10")
class OAuthIntegrationTest extends ActFixtureBase {
    static MockOAuth2Server oauth;
    static String alice;
    static final String REDIRECT = "http://localhost/callback";

    @BeforeAll
    static void start() {
        // The server's own token endpoint for every issuer, except that issuer "revoking" refuses refresh grants, as a
        // server does once the user revoked the app.
        oauth = new MockOAuth2Server(new no.nav.security.mock.oauth2.OAuth2Config(), new no.nav.security.mock.oauth2.http.Route() {
            @Override
            public boolean match(no.nav.security.mock.oauth2.http.OAuth2HttpRequest request) {
                return request.getUrl().encodedPath().equals("/revoking/token") && request.getBody() != null
                    && request.getBody().contains("grant_type=refresh_token");
            }

            @Override
            public no.nav.security.mock.oauth2.http.OAuth2HttpResponse invoke(no.nav.security.mock.oauth2.http.OAuth2HttpRequest request) {
                byte[] body = "{\"error\":\"invalid_grant\",\"error_description\":\"the grant was revoked\"}".getBytes(StandardCharsets.UTF_8);
                return new no.nav.security.mock.oauth2.http.OAuth2HttpResponse(okhttp3.Headers.of("Content-Type", "application/json"),
                    400, new String(body, StandardCharsets.UTF_8), body);
            }
        });
        oauth.start();
        dev.actgate.shared.testing.TestEgress.allow(oauth.url("/").port());
        alice = TestWorkspaces.tenantToken(ws, "alice");
        services().integration(ws, Map.of("key", "crm", "baseUrl", upstream.baseUrl() + "/api", "auth", Map.of(
            "type", "oauth2-authorization-code", "authorizeUrl", oauth.authorizationEndpointUrl("crm").toString(),
            "tokenUrl", oauth.tokenEndpointUrl("crm").toString(), "scopes", List.of("openid", "offline_access"), "pkce", true),
            "parameters", Map.of("clientId", "actgate-client", "clientSecret", "client-secret-xyz")));
        services().integration(ws, Map.of("key", "revoking", "baseUrl", upstream.baseUrl() + "/api", "auth", Map.of(
            "type", "oauth2-authorization-code", "authorizeUrl", oauth.authorizationEndpointUrl("revoking").toString(),
            "tokenUrl", oauth.tokenEndpointUrl("revoking").toString()),
            "parameters", Map.of("clientId", "actgate-client", "clientSecret", "client-secret-xyz")));
        services().integration(ws, Map.of("key", "machine", "baseUrl", upstream.baseUrl() + "/m2m", "auth", Map.of(
            "type", "oauth2-client-credentials", "tokenUrl", oauth.tokenEndpointUrl("m2m").toString())));
    }

    @AfterAll
    static void stop() {
        oauth.shutdown();
    }

    @BeforeEach
    void drain() throws Exception {
        upstream.reset();
        while (take(10) != null) {
            // forget requests of earlier tests
        }
    }

    static Services services() {
        return Services.INSTANCE;
    }

    /** Authorization code + PKCE against the real server, then a connection holding the tokens. */
    static String connectViaAuthorizationCode(String key, long expiresInSeconds) throws Exception {
        byte[] verifierBytes = new byte[32];
        new java.security.SecureRandom().nextBytes(verifierBytes);
        String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(verifierBytes);
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
            MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        String authorize = oauth.authorizationEndpointUrl("crm") + "?response_type=code&client_id=actgate-client"
            + "&redirect_uri=" + URLEncoder.encode(REDIRECT, StandardCharsets.UTF_8) + "&scope=openid%20offline_access"
            + "&state=s1&nonce=n1&code_challenge=" + challenge + "&code_challenge_method=S256";
        HttpResponse<String> redirect = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()
            .send(HttpRequest.newBuilder(URI.create(authorize)).build(), HttpResponse.BodyHandlers.ofString());
        String location = redirect.headers().firstValue("location").orElseThrow(() -> new AssertionError("no redirect: " + redirect.body()));
        String code = URI.create(location).getQuery().replaceAll(".*code=([^&]+).*", "$1");
        IntegrationService integrations = act.context().getBean(IntegrationService.class);
        var integration = integrations.effective(integrations.get(new Caller(ws.id(), ws.key(), null, true), "crm"));
        ConnectionCredentials tokens = act.context().getBean(OAuth2TokenClient.class).exchangeCode(integration.auth(),
            new OAuth2TokenClient.Client("actgate-client", "client-secret-xyz"), code, REDIRECT, verifier, Map.of());
        assertTrue(tokens.accessToken() != null && tokens.refreshToken() != null, "code exchange returns both tokens");
        return services().connection(ws, "alice", Map.of("integrationKey", "crm", "key", key, "credentials", Map.of(
            "accessToken", tokens.accessToken(), "refreshToken", tokens.refreshToken(), "expiresIn", Long.toString(expiresInSeconds))));
    }

    static int tokenCalls() throws Exception {
        int n = 0;
        RecordedRequest r;
        while ((r = take(200)) != null) {
            if (r.getPath() != null && r.getPath().contains("/token")) {
                n++;
            }
        }
        return n;
    }

    /** The server's recorded requests; it throws rather than return null when none is left. */
    static RecordedRequest take(long millis) {
        try {
            return oauth.takeRequest(millis, TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            return null;
        }
    }

    FunctionHarness.Response get(String connectionKey, String path) {
        return act.request("POST", "/act").bearer(alice).json(Map.of("connectionKey", connectionKey,
            "api", Map.of("method", "GET", "path", path))).send();
    }

    @Test
    void expiringTokenIsRefreshedBeforeUse() throws Exception {
        connectViaAuthorizationCode("crm-expiring", 60);
        tokenCalls();
        FunctionHarness.Response r = get("crm-expiring", "/me");
        assertEquals(200, r.status(), r.toString());
        assertEquals(1, tokenCalls(), "one refresh: the token expired within the margin");
        String sent = upstream.received().get(0).header("authorization");
        assertTrue(sent.startsWith("Bearer "));
        get("crm-expiring", "/me");
        assertEquals(0, tokenCalls(), "the refreshed token is used until it nears expiry");
        assertEquals(sent, upstream.received().get(1).header("authorization"));
    }

    @Test
    void a401TriggersOneRefreshAndOneRetry() throws Exception {
        connectViaAuthorizationCode("crm-401", 3600);
        tokenCalls();
        upstream.sequence("/api/me", Reply.json(401, "{\"error\":\"expired\"}"), Reply.json(200, "{\"ok\":true}"));
        FunctionHarness.Response r = get("crm-401", "/me");
        assertEquals(200, r.status(), r.toString());
        assertEquals(1, tokenCalls());
        List<TestUpstream.Received> calls = upstream.received("/api/me");
        assertEquals(2, calls.size());
        assertNotEquals(calls.get(0).header("authorization"), calls.get(1).header("authorization"), "retried with the new token");
    }

    @Test
    void aSecond401MarksTheConnectionDisconnected() throws Exception {
        String id = connectViaAuthorizationCode("crm-dead", 3600);
        tokenCalls();
        upstream.on("/api/me", x -> Reply.json(401, "{\"error\":\"revoked\"}"));
        FunctionHarness.Response r = get("crm-dead", "/me");
        assertEquals(409, r.status(), r.toString());
        assertEquals("CONNECTION_DISCONNECTED", r.json().path("code").asText());
        assertEquals(id, r.json().path("data").path("connectionId").asText());
        assertEquals(ConnectionState.DISCONNECTED, services().state(ws, "alice", id));
        FunctionHarness.Response again = get("crm-dead", "/me");
        assertEquals("CONNECTION_DISCONNECTED", again.json().path("code").asText());
        assertEquals(2, upstream.received("/api/me").size(), "a disconnected connection sends nothing");
    }

    @Test
    void invalidGrantMarksTheConnectionDisconnected() throws Exception {
        String id = services().connection(ws, "alice", Map.of("integrationKey", "revoking", "key", "crm-revoked", "credentials",
            Map.of("accessToken", "stale-access-token-1", "refreshToken", "revoked-refresh-token-1", "expiresIn", "10")));
        FunctionHarness.Response r = get("crm-revoked", "/me");
        assertEquals(409, r.status(), r.toString());
        assertEquals("CONNECTION_DISCONNECTED", r.json().path("code").asText());
        assertEquals(ConnectionState.DISCONNECTED, services().state(ws, "alice", id));
        assertEquals(0, upstream.received().size());
    }

    @Test
    void fiftyConcurrentCallersOnAnExpiredTokenMakeOneTokenCall() throws Exception {
        connectViaAuthorizationCode("crm-herd", 1);
        tokenCalls();
        ExecutorService pool = Executors.newFixedThreadPool(50);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            results.add(pool.submit(() -> {
                go.await();
                return get("crm-herd", "/me").status();
            }));
        }
        go.countDown();
        int ok = 0;
        for (Future<Integer> f : results) {
            ok += f.get(60, TimeUnit.SECONDS) == 200 ? 1 : 0;
        }
        pool.shutdown();
        assertEquals(50, ok, "every caller succeeds");
        assertEquals(1, tokenCalls(), "exactly one token-endpoint call");
        assertEquals(1, upstream.received().stream().map(x -> x.header("authorization")).distinct().count(),
            "all 50 used the one refreshed token");
    }

    @Test
    void clientCredentialsTokensAreFetchedAndFetchedAgainWhenExpired() throws Exception {
        services().connection(ws, "alice", Map.of("integrationKey", "machine", "key", "m2m",
            "credentials", Map.of("clientId", "svc-client", "clientSecret", "svc-secret-123456")));
        FunctionHarness.Response first = get("m2m", "/status");
        assertEquals(200, first.status(), first.toString());
        assertEquals(1, tokenCalls(), "fetched on first use");
        get("m2m", "/status");
        assertEquals(0, tokenCalls(), "reused while valid");
        services().expireNow(ws, "alice", "m2m");
        assertEquals(200, get("m2m", "/status").status());
        assertEquals(1, tokenCalls(), "fetched again after expiry (never a stale token)");
    }

    /** The services the connections function calls, in an act function context (same storage, same keys). */
    static final class Services {
        static final Services INSTANCE = new Services();

        void integration(Workspace w, Map<String, Object> body) {
            act.context().getBean(IntegrationService.class).create(new Caller(w.id(), w.key(), null, true), TestStorage.JSON.convertValue(body, dev.actgate.shared.integrations.IntegrationRequest.class));
        }

        String connection(Workspace w, String tenant, Map<String, Object> body) {
            return act.context().getBean(ConnectionService.class).create(new Caller(w.id(), w.key(), tenant, false),
                TestStorage.JSON.valueToTree(body)).id();
        }

        ConnectionState state(Workspace w, String tenant, String id) {
            return act.context().getBean(ConnectionService.class).get(new Caller(w.id(), w.key(), tenant, false), id).state();
        }

        void expireNow(Workspace w, String tenant, String key) {
            ConnectionService s = act.context().getBean(ConnectionService.class);
            var c = s.get(new Caller(w.id(), w.key(), tenant, false), key);
            var expired = c.toBuilder().credentialsExpireAt(java.time.Instant.now().minusSeconds(5)).version(c.version() + 1).build();
            s.update(new Caller(w.id(), w.key(), tenant, false), c, expired);
        }
    }

}
