package dev.actgate.connections;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.actgate.shared.auth.WorkspaceTokenVerifier;
import dev.actgate.shared.testing.FunctionHarness;
import dev.actgate.shared.testing.TestWorkspaces;
import dev.actgate.shared.testing.WithFunctionHarness;
import dev.actgate.shared.workspaces.Workspace;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Token verification through the real connections handler: every accepted and refused shape. */
class AuthIntegrationTest extends WithFunctionHarness {

    private FunctionHarness.Response list(String token) {
        FunctionHarness.Request r = fn.request("GET", "/connections");
        return token == null ? r.send() : r.bearer(token).send();
    }

    private static void assertUnauthorized(FunctionHarness.Response r, String messagePart) {
        assertEquals(401, r.status(), r.toString());
        assertEquals("UNAUTHORIZED", r.json().path("code").asText(), r.toString());
        assertEquals("bad_request", r.json().path("type").asText());
        assertTrue(r.json().path("message").asText().contains(messagePart), r.toString());
    }

    @Test
    void guideClaimShapeListsConnections() {
        FunctionHarness.Response r = list(TestWorkspaces.tenantToken(ws, "alice"));
        assertEquals(200, r.status(), r.toString());
        assertEquals("{\"items\":[]}", r.body());
    }

    @Test
    void sdkClaimShapeIsAccepted() {
        String token = TestWorkspaces.sign(ws, Map.of("iss", ws.key(), "id", "bob"), Duration.ofMinutes(5));
        assertEquals(200, list(token).status());
    }

    @Test
    void eventFixtureFromFileIsHandled() {
        FunctionHarness.Response r = fn.invokeFixture("events/http-api-v2-get-connections.json",
            Map.of("token", TestWorkspaces.tenantToken(ws, "alice")));
        assertEquals(200, r.status(), r.toString());
        assertTrue(r.json().path("items").isArray());
    }

    @Test
    void missingTokenIs401() {
        assertUnauthorized(list(null), "Missing bearer token");
    }

    @Test
    void malformedTokenIs401() {
        assertUnauthorized(list("not-a-jwt"), "Malformed");
    }

    @Test
    void unsignedTokenIs401() {
        String none = new PlainJWT(new JWTClaimsSet.Builder().claim("workspaceKey", ws.key()).claim("tenantKey", "alice")
            .expirationTime(new Date(System.currentTimeMillis() + 60_000)).build()).serialize();
        assertUnauthorized(list(none), "alg: none");
    }

    @Test
    void wrongSecretIs401() {
        String token = WorkspaceTokenVerifier.signHs256("x".repeat(40), new JWTClaimsSet.Builder()
            .claim("workspaceKey", ws.key()).claim("tenantKey", "alice")
            .expirationTime(new Date(System.currentTimeMillis() + 60_000)).build());
        assertUnauthorized(list(token), dev.actgate.shared.auth.WorkspaceTokenVerifier.INVALID_TOKEN);
    }

    @Test
    void tamperedPayloadIs401() {
        String[] parts = TestWorkspaces.tenantToken(ws, "alice").split("\\.");
        String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(
            ("{\"workspaceKey\":\"" + ws.key() + "\",\"tenantKey\":\"mallory\",\"exp\":" + (System.currentTimeMillis() / 1000 + 600) + "}").getBytes());
        assertUnauthorized(list(parts[0] + "." + payload + "." + parts[2]), dev.actgate.shared.auth.WorkspaceTokenVerifier.INVALID_TOKEN);
    }

    @Test
    void expiredTokenIs401() {
        assertUnauthorized(list(TestWorkspaces.sign(ws, Map.of("workspaceKey", ws.key(), "tenantKey", "a"), Duration.ofMinutes(-5))),
            "expired");
    }

    @Test
    void tokenWithoutExpIs401() {
        assertUnauthorized(list(TestWorkspaces.sign(ws, Map.of("workspaceKey", ws.key(), "tenantKey", "a"), null)), "no exp");
    }

    @Test
    void notYetValidTokenIs401() {
        Date future = new Date(System.currentTimeMillis() + 3_600_000);
        String token = WorkspaceTokenVerifier.signHs256(TestWorkspaces.secret(ws), new JWTClaimsSet.Builder()
            .claim("workspaceKey", ws.key()).claim("tenantKey", "a").notBeforeTime(future)
            .expirationTime(new Date(future.getTime() + 60_000)).build());
        assertUnauthorized(list(token), "not valid yet");
    }

    @Test
    void unknownWorkspaceIs401() {
        assertUnauthorized(list(TestWorkspaces.sign(ws, Map.of("workspaceKey", "no-such-workspace", "tenantKey", "a"),
            Duration.ofMinutes(5))), dev.actgate.shared.auth.WorkspaceTokenVerifier.INVALID_TOKEN);
    }

    @Test
    void tokenWithNeitherTenantNorAdminIs401() {
        assertUnauthorized(list(TestWorkspaces.sign(ws, Map.of("workspaceKey", ws.key()), Duration.ofMinutes(5))), "names no tenant");
    }

    @Test
    void unregisteredAlgorithmIs401() throws Exception {
        KeyPair rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        assertUnauthorized(list(rs256(rsa, ws.key())), dev.actgate.shared.auth.WorkspaceTokenVerifier.INVALID_TOKEN);   // the same answer as a bad signature (issue 11)
    }

    @Test
    void registeredPublicKeysVerify() throws Exception {
        KeyPairGenerator rsaGen = KeyPairGenerator.getInstance("RSA");
        rsaGen.initialize(2048);
        KeyPair rsa = rsaGen.generateKeyPair();
        KeyPairGenerator ecGen = KeyPairGenerator.getInstance("EC");
        ecGen.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        KeyPair ec = ecGen.generateKeyPair();
        Workspace w = TestWorkspaces.create();
        Workspace withKeys = new Workspace(w.id(), w.key(), w.name(), w.secrets(), List.of(
            new Workspace.PublicKeyRegistration("rsa-1", "RS256", pem(rsa)),
            new Workspace.PublicKeyRegistration("ec-1", "ES256", pem(ec))), w.settings(), w.createdAt(), w.version() + 1);
        TestWorkspaces.service().save(withKeys);
        assertEquals(200, list(rs256(rsa, w.key())).status());
        JWTClaimsSet claims = new JWTClaimsSet.Builder().claim("workspaceKey", w.key()).claim("tenantKey", "alice")
            .expirationTime(new Date(System.currentTimeMillis() + 60_000)).build();
        SignedJWT es = new SignedJWT(new JWSHeader(JWSAlgorithm.ES256), claims);
        es.sign(new ECDSASigner((ECPrivateKey) ec.getPrivate()));
        assertEquals(200, list(es.serialize()).status());
        // HS/RS confusion: an HS256 token "signed" with the public key's text is refused.
        String confused = WorkspaceTokenVerifier.signHs256(pem(rsa), claims);
        assertUnauthorized(list(confused), dev.actgate.shared.auth.WorkspaceTokenVerifier.INVALID_TOKEN);
    }

    @Test
    void rotatedOutSecretStopsWorking() {
        Workspace w = TestWorkspaces.create();
        String old = TestWorkspaces.tenantToken(w, "alice");
        Workspace once = TestWorkspaces.service().rotateSecret(w);
        assertEquals(200, list(TestWorkspaces.tenantToken(once, "alice")).status(), "new secret works");
        assertEquals(200, list(old).status(), "the previous secret still works during a rotation");
        TestWorkspaces.service().rotateSecret(once);
        sleepPastRefreshThrottle();
        assertUnauthorized(list(old), dev.actgate.shared.auth.WorkspaceTokenVerifier.INVALID_TOKEN);
    }

    @Test
    void unknownRouteIs404InErrorShape() {
        FunctionHarness.Response r = fn.request("GET", "/no-such-route").bearer(TestWorkspaces.tenantToken(ws, "a")).send();
        assertEquals(404, r.status(), r.toString());
        assertEquals("NOT_FOUND", r.json().path("code").asText());
    }

    @Test
    void wrongMethodIs405InErrorShape() {
        FunctionHarness.Response r = fn.request("PATCH", "/connections").bearer(TestWorkspaces.tenantToken(ws, "a")).send();
        assertEquals(405, r.status(), r.toString());
        assertEquals("METHOD_NOT_ALLOWED", r.json().path("code").asText());
    }

    @Test
    void badLimitIs400() {
        FunctionHarness.Response r = fn.request("GET", "/connections?limit=abc").bearer(TestWorkspaces.tenantToken(ws, "a")).send();
        assertEquals(400, r.status(), r.toString());
        assertEquals("VALIDATION_ERROR", r.json().path("code").asText());
    }

    private static void sleepPastRefreshThrottle() {
        try {
            Thread.sleep(1100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String rs256(KeyPair rsa, String workspaceKey) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), new JWTClaimsSet.Builder()
            .claim("workspaceKey", workspaceKey).claim("tenantKey", "alice")
            .expirationTime(new Date(System.currentTimeMillis() + 60_000)).build());
        jwt.sign(new RSASSASigner(rsa.getPrivate()));
        return jwt.serialize();
    }

    private static String pem(KeyPair kp) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(kp.getPublic().getEncoded())
            + "\n-----END PUBLIC KEY-----\n";
    }

    // ---- token hygiene (issue 11) ----

    @Test
    void unknownWorkspaceAndBadSignatureGetTheSameAnswer() {
        FunctionHarness.Response unknown = list(TestWorkspaces.sign(new dev.actgate.shared.workspaces.Workspace("ws_x", "no-such-ws-" + System.nanoTime(),
            "x", java.util.List.of(new dev.actgate.shared.workspaces.Workspace.SigningSecret("s", "a-secret-of-thirty-two-characters!!", java.time.Instant.now())),
            java.util.List.of(), null, java.time.Instant.now(), 1), Map.of("workspaceKey", "no-such-ws-" + System.nanoTime(), "tenantKey", "a"),
            Duration.ofMinutes(5)));
        String forged = TestWorkspaces.tenantToken(ws, "alice");
        forged = forged.substring(0, forged.lastIndexOf('.') + 1) + "AAAA" + forged.substring(forged.lastIndexOf('.') + 5);
        FunctionHarness.Response badSignature = list(forged);
        assertEquals(401, unknown.status());
        assertEquals(401, badSignature.status());
        assertEquals(unknown.json().path("message").asText(), badSignature.json().path("message").asText(),
            "a forger cannot tell an unknown workspace from a wrong signature");
    }

    @Test
    void tokensLivingLongerThanTheWorkspaceAllowsAreRefused() {
        assertUnauthorized(list(TestWorkspaces.sign(ws, Map.of("workspaceKey", ws.key(), "tenantKey", "alice"), Duration.ofHours(48))),
            "lifetime");
        com.nimbusds.jwt.JWTClaimsSet.Builder b = new com.nimbusds.jwt.JWTClaimsSet.Builder().claim("workspaceKey", ws.key())
            .claim("tenantKey", "alice").issueTime(new java.util.Date(System.currentTimeMillis() - 47 * 3600_000L))
            .expirationTime(new java.util.Date(System.currentTimeMillis() + 3600_000L));
        assertUnauthorized(list(dev.actgate.shared.auth.WorkspaceTokenVerifier.signHs256(ws.secrets().get(ws.secrets().size() - 1).value(),
            b.build())), "lifetime");
        assertEquals(200, list(TestWorkspaces.sign(ws, Map.of("workspaceKey", ws.key(), "tenantKey", "alice"), Duration.ofHours(23))).status());
    }

    @Test
    void theMaximumLifetimeIsAWorkspaceSetting() {
        dev.actgate.shared.workspaces.Workspace w = TestWorkspaces.create();
        var service = fn.context().getBean(dev.actgate.shared.workspaces.WorkspaceService.class);
        w = service.save(new dev.actgate.shared.workspaces.Workspace(w.id(), w.key(), w.name(), w.secrets(), w.publicKeys(),
            new dev.actgate.shared.workspaces.WorkspaceSettings(true, 0, 3600, java.util.List.of()), w.createdAt(), w.version() + 1));
        assertUnauthorized(list(TestWorkspaces.sign(w, Map.of("workspaceKey", w.key(), "tenantKey", "a"), Duration.ofHours(2))), "lifetime");
        assertEquals(200, list(TestWorkspaces.sign(w, Map.of("workspaceKey", w.key(), "tenantKey", "a"), Duration.ofMinutes(50))).status());
    }
}
