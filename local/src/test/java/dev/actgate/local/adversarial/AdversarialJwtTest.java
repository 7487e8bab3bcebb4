package dev.actgate.local.adversarial;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actgate.shared.workspaces.Workspace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.Random;


/**
 * Tokens that must not get in: every way of forging, tampering, stretching or mis-presenting a JWT, against one route
 * of each function, and a valid tenant token on every manager route of template.yaml. Each must be a 401 (403 for
 * the tenant token on manager routes) with the documented error body, and the integration it aimed at unchanged.
 */
@ExtendWith(Suite.Extension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdversarialJwtTest {
    static Suite s;
    static Tally.Category cat;
    static long started;
    static Workspace ws;
    static KeyPair rsa;
    static String pem;
    static final String TENANT = "jwt-a";
    static final B64 B = new B64();

    /** One route of each function, with what a valid token gets there. */
    record Probe(String function, String method, String path, Object body) {
    }

    static List<Probe> probes;

    @BeforeAll
    static void setUp() throws Exception {
        s = Suite.get();
        cat = s.tally.category("jwt");
        cat.about = "forged, tampered, expired, malformed and mis-presented JWTs on one route of each function (expect 401); a tenant token on every manager route (expect 403, integration unchanged); a secret retired by two rotations (expect 401 once the 5 s workspace cache window has passed)";
        started = System.nanoTime();
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048, new java.security.SecureRandom());
        rsa = g.generateKeyPair();
        pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(rsa.getPublic().getEncoded())
            + "\n-----END PUBLIC KEY-----\n";
        // A workspace with an HS256 secret AND a registered RS256 public key, so HS/RS confusion has something to confuse.
        Workspace created = s.createWorkspace("adv-jwt");
        ws = s.workspaces.save(new Workspace(created.id(), created.key(), created.name(), created.secrets(),
            List.of(new Workspace.PublicKeyRegistration("adv-rsa", "RS256", pem)), created.settings(), created.createdAt(),
            created.version() + 1));
        String manager = Suite.managerToken(ws);
        s.ensureIntegration(manager, "jwt-app", s.canary.baseUrl() + "/jwt");
        s.createConnection(Suite.tenantToken(ws, TENANT), "jwt-app", "jwt-conn", "jwt-key-" + Suite.SEED);
        probes = List.of(
            new Probe("ConnectionsFunction", "GET", "/connections", null),
            new Probe("ActFunction", "POST", "/act", Map.of("connectionKey", "jwt-conn", "api", Map.of("method", "GET", "path", "/probe"))),
            new Probe("ActionsFunction", "GET", "/actions", null),
            new Probe("RunLogsFunction", "GET", "/action-run-logs", null));
    }

    @AfterAll
    static void report() {
        cat.millis = (System.nanoTime() - started) / 1_000_000;
        System.out.println(cat.report());
    }

    // ------------------------------------------------------------------ token crafting

    static final class B64 {
        String enc(byte[] b) {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        }

        String enc(String s) {
            return enc(s.getBytes(StandardCharsets.UTF_8));
        }

        String json(Object o) {
            try {
                return enc(Suite.JSON.writeValueAsBytes(o));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static Map<String, Object> claims(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("workspaceKey", ws.key());
        m.put("tenantKey", TENANT);
        m.put("exp", now() + 3600);
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i + 1] == null) {
                m.remove((String) kv[i]);
            } else {
                m.put((String) kv[i], kv[i + 1]);
            }
        }
        return m;
    }

    static long now() {
        return System.currentTimeMillis() / 1000;
    }

    static String hmac(Map<String, Object> header, Map<String, Object> claims, byte[] key) {
        String input = B.json(header) + "." + B.json(claims);
        return input + "." + B.enc(hmacBytes(input, key, "HmacSHA256"));
    }

    static byte[] hmacBytes(String input, byte[] key, String alg) {
        try {
            Mac mac = Mac.getInstance(alg);
            mac.init(new SecretKeySpec(key, alg));
            return mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String hs256(Map<String, Object> claims) {
        return hmac(Map.of("alg", "HS256", "typ", "JWT"), claims, Suite.secret(ws).getBytes(StandardCharsets.UTF_8));
    }

    static String rs256(Map<String, Object> header, Map<String, Object> claims, PrivateKey key) {
        try {
            String input = B.json(header) + "." + B.json(claims);
            Signature sig = Signature.getInstance("SHA256withRSA");
            sig.initSign(key);
            sig.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + B.enc(sig.sign());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Replaces the payload of a signed token, keeping its header and signature. */
    static String withPayload(String token, Map<String, Object> claims) {
        String[] p = token.split("\\.");
        return p[0] + "." + B.json(claims) + "." + p[2];
    }

    // ------------------------------------------------------------------ running cases

    /** A way of presenting credentials: the Authorization header values to send (none = no header). */
    record Case(String name, List<String> authorization) {
        static Case bearer(String name, String token) {
            return new Case(name, List.of("Bearer " + token));
        }

        static Case raw(String name, String... values) {
            return new Case(name, List.of(values));
        }
    }

    RawHttp.Request request(Probe p, Case c) {
        RawHttp.Request r = RawHttp.Request.of(p.method(), p.path());
        for (String v : c.authorization()) {
            r = r.header("Authorization", v);
        }
        return p.body() == null ? r : r.json(p.body());
    }

    void expectRefused(Case c) {
        int before = s.canary.received("/jwt").size();
        for (Probe p : probes) {
            RawHttp.Request req = request(p, c);
            RawHttp.Response res = s.send(req);
            boolean controlCharacters = c.authorization().stream().anyMatch(v -> v.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f));
            // A header with control characters never reaches a function: API Gateway (and the local runtime) answer 400.
            String problem = controlCharacters ? Suite.expectStatus(res, 400) : Suite.expectStatus(res, 401);
            if (problem == null && !controlCharacters && !"UNAUTHORIZED".equals(Suite.code(res))) {
                problem = "code " + Suite.code(res) + " instead of UNAUTHORIZED";
            }
            cat.record("jwt " + c.name() + " on " + p.method() + " " + p.path() + " (" + p.function() + ")", req, res, problem);
        }
        int after = s.canary.received("/jwt").size();
        cat.check("jwt " + c.name() + ": no upstream call", after == before, (after - before) + " upstream request(s) made with a refused token");
    }

    void expectAccepted(String name, String token) {
        for (Probe p : probes) {
            RawHttp.Request req = request(p, Case.bearer(name, token));
            RawHttp.Response res = s.send(req);
            cat.record("control " + name + " on " + p.method() + " " + p.path(), req, res, Suite.expectStatus(res, 200));
        }
    }

    @Test
    @Order(1)
    void validTokensGetIn() {
        int base = cat.failures.get();
        // Controls: without them every 401 below could be a broken setup.
        expectAccepted("valid HS256 tenant token", hs256(claims()));
        expectAccepted("valid RS256 token (registered key)", rs256(Map.of("alg", "RS256", "typ", "JWT"), claims(), rsa.getPrivate()));
        expectAccepted("valid SDK-shape token {iss, id}", hs256(claims("workspaceKey", null, "tenantKey", null, "iss", ws.key(),
            "id", TENANT)));
        cat.assertNoNewFailures(base);
    }

    /** One dynamic test per token case, each tried on every function. */
    @TestFactory
    @Order(2)
    Stream<DynamicTest> forgedTamperedAndMalformedTokensAreRefused() throws Exception {
        byte[] pemBytes = pem.getBytes(StandardCharsets.UTF_8);
        byte[] der = rsa.getPublic().getEncoded();
        String valid = hs256(claims());
        Random random = new Random(Suite.SEED);
        List<Case> cases = new ArrayList<>();

        // alg none and friends
        for (String none : new String[] {"none", "None", "NONE", "nOnE"}) {
            cases.add(Case.bearer("alg:" + none, B.json(Map.of("alg", none, "typ", "JWT")) + "." + B.json(claims()) + "."));
            cases.add(Case.bearer("alg:" + none + " with the HS256 signature kept", B.json(Map.of("alg", none)) + "."
                + B.json(claims()) + "." + valid.split("\\.")[2]));
        }
        cases.add(Case.bearer("alg missing", B.json(Map.of("typ", "JWT")) + "." + B.json(claims()) + "." + valid.split("\\.")[2]));
        cases.add(Case.bearer("alg:HS256 with an empty signature", valid.substring(0, valid.lastIndexOf('.') + 1)));

        // HS/RS confusion
        cases.add(Case.bearer("RS256 header, HMAC-signed with the registered public key's PEM",
            hmac(Map.of("alg", "RS256", "typ", "JWT"), claims(), pemBytes)));
        cases.add(Case.bearer("RS256 header, HMAC-signed with the registered public key's DER",
            hmac(Map.of("alg", "RS256", "typ", "JWT"), claims(), der)));
        cases.add(Case.bearer("HS256 'signed' with the registered public key's PEM",
            hmac(Map.of("alg", "HS256", "typ", "JWT"), claims(), pemBytes)));
        cases.add(Case.bearer("HS256 'signed' with the registered public key's PEM (no trailing newline)",
            hmac(Map.of("alg", "HS256", "typ", "JWT"), claims(), pem.trim().getBytes(StandardCharsets.UTF_8))));
        cases.add(Case.bearer("HS256 'signed' with the registered public key's DER",
            hmac(Map.of("alg", "HS256", "typ", "JWT"), claims(), der)));
        cases.add(Case.bearer("HS256 'signed' with the public key's base64 body",
            hmac(Map.of("alg", "HS256"), claims(), Base64.getEncoder().encode(der))));
        cases.add(Case.bearer("HS256 'signed' with the RSA modulus", hmac(Map.of("alg", "HS256"), claims(),
            ((RSAPublicKey) rsa.getPublic()).getModulus().toByteArray())));
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair attacker = g.generateKeyPair();
        RSAPublicKey attackerPublic = (RSAPublicKey) attacker.getPublic();
        Map<String, Object> jwk = Map.of("kty", "RSA", "e", B.enc(attackerPublic.getPublicExponent().toByteArray()),
            "n", B.enc(attackerPublic.getModulus().toByteArray()));
        cases.add(Case.bearer("RS256 with an attacker key embedded as 'jwk' header", rs256(Map.of("alg", "RS256", "jwk", jwk),
            claims(), attacker.getPrivate())));
        cases.add(Case.bearer("RS256 with 'jku' pointing at the target server", rs256(Map.of("alg", "RS256",
            "jku", s.target.baseUrl() + "/jwks.json", "kid", "adv-rsa"), claims(), attacker.getPrivate())));
        cases.add(Case.bearer("RS256 signed by an unregistered key, kid of the registered one",
            rs256(Map.of("alg", "RS256", "kid", "adv-rsa"), claims(), attacker.getPrivate())));
        cases.add(Case.bearer("PS256 signed by the registered key's owner", psOrRs("RSASSA-PSS")));
        cases.add(Case.bearer("HS384 with the workspace secret", hmacAlg("HS384", "HmacSHA384")));
        cases.add(Case.bearer("HS512 with the workspace secret", hmacAlg("HS512", "HmacSHA512")));

        // wrong keys
        cases.add(Case.bearer("HS256 with a random secret", Suite.signWith("not-the-secret-" + random.nextLong(), claims(), null)));
        cases.add(Case.bearer("HS256 with another workspace's secret", Suite.signWith(Suite.secret(s.defaultWorkspace), claims(), null)));
        cases.add(Case.bearer("HS256 with an empty secret", hmac(Map.of("alg", "HS256"), claims(), new byte[32])));

        // tampered payloads (signature of the original kept)
        cases.add(Case.bearer("tampered: tenant swapped", withPayload(valid, claims("tenantKey", "victim"))));
        cases.add(Case.bearer("tampered: isAdmin added", withPayload(valid, claims("isAdmin", true))));
        cases.add(Case.bearer("tampered: workspace swapped", withPayload(valid, claims("workspaceKey", s.defaultWorkspace.key()))));
        cases.add(Case.bearer("tampered: exp extended", withPayload(valid, claims("exp", now() + 999_999))));
        cases.add(Case.bearer("tampered: header alg changed to HS512", B.json(Map.of("alg", "HS512")) + valid.substring(valid.indexOf('.'))));
        cases.add(Case.bearer("signature of another token", valid.substring(0, valid.lastIndexOf('.'))
            + hs256(claims("tenantKey", "other")).substring(hs256(claims("tenantKey", "other")).lastIndexOf('.'))));

        // time
        cases.add(Case.bearer("expired 5 minutes ago", hs256(claims("exp", now() - 300))));
        cases.add(Case.bearer("expired long ago (exp 1)", hs256(claims("exp", 1))));
        cases.add(Case.bearer("nbf 5 minutes in the future", hs256(claims("nbf", now() + 300))));
        cases.add(Case.bearer("nbf far in the future", hs256(claims("nbf", 4_102_444_800L))));
        cases.add(Case.bearer("exp missing", hs256(claims("exp", null))));
        cases.add(Case.bearer("exp as a string", hs256(claims("exp", "9999999999"))));
        cases.add(Case.bearer("exp as an object", hs256(claims("exp", Map.of("$gt", 0)))));

        // identity claims
        cases.add(Case.bearer("workspaceKey and iss missing", hs256(claims("workspaceKey", null))));
        cases.add(Case.bearer("workspaceKey is a number", hs256(claims("workspaceKey", 12345))));
        cases.add(Case.bearer("workspaceKey is blank", hs256(claims("workspaceKey", " "))));
        cases.add(Case.bearer("tenant missing, no isAdmin", hs256(claims("tenantKey", null))));
        cases.add(Case.bearer("tenant missing, isAdmin as the string \"true\"", hs256(claims("tenantKey", null, "isAdmin", "true"))));
        cases.add(Case.bearer("tenant missing, isAdmin 1", hs256(claims("tenantKey", null, "isAdmin", 1))));
        cases.add(Case.bearer("tenantKey empty", hs256(claims("tenantKey", ""))));
        cases.add(Case.bearer("tenantKey 300 characters", hs256(claims("tenantKey", "t".repeat(300)))));
        cases.add(Case.bearer("tenantKey is a number", hs256(claims("tenantKey", 42))));
        cases.add(Case.bearer("unknown workspace", Suite.signWith(Suite.secret(ws), claims("workspaceKey", "no-such-ws-" + random.nextInt(1_000_000)), null)));
        cases.add(Case.bearer("unknown workspace via iss", Suite.signWith(Suite.secret(ws), claims("workspaceKey", null, "iss", "nope-" + random.nextInt()), null)));

        // not a JWT
        cases.add(Case.bearer("garbage", "garbage"));
        cases.add(Case.bearer("three garbage parts", "a.b.c"));
        cases.add(Case.bearer("dots only", ".."));
        cases.add(Case.bearer("random base64 parts", B.enc(bytes(random, 30)) + "." + B.enc(bytes(random, 60)) + "." + B.enc(bytes(random, 32))));
        cases.add(Case.bearer("payload not JSON", B.json(Map.of("alg", "HS256")) + "." + B.enc("not json") + "." + B.enc(bytes(random, 32))));
        String arrayInput = B.json(Map.of("alg", "HS256")) + "." + B.enc("[1,2]");
        cases.add(Case.bearer("payload a JSON array, correctly signed", arrayInput + "."
            + B.enc(hmacBytes(arrayInput, Suite.secret(ws).getBytes(StandardCharsets.UTF_8), "HmacSHA256"))));
        cases.add(Case.bearer("JWE (encrypted) shape", B.json(Map.of("alg", "dir", "enc", "A128GCM")) + "..aaaa.bbbb.cccc"));
        cases.add(Case.raw("empty token", "Bearer "));
        cases.add(Case.raw("scheme only", "Bearer"));
        cases.add(Case.bearer("huge garbage token (10 KB)", B.enc(bytes(random, 7_600))));
        cases.add(Case.bearer("huge signed token (10 KB of claims)", hs256(claims("pad", "x".repeat(10_000)))));
        cases.add(Case.bearer("token with a NUL inside", valid.substring(0, 20) + "\u0000" + valid.substring(20)));

        // presentation
        cases.add(Case.raw("Bearer missing (bare token)", valid));
        cases.add(Case.raw("wrong scheme Basic", "Basic " + Base64.getEncoder().encodeToString("user:pass".getBytes())));
        cases.add(Case.raw("wrong scheme Basic carrying the JWT", "Basic " + valid));
        cases.add(Case.raw("wrong scheme Token", "Token " + valid));
        cases.add(Case.raw("Bearer with two tokens", "Bearer " + valid + " " + valid));
        cases.add(Case.raw("no Authorization header"));
        cases.add(Case.raw("two Authorization headers (garbage first)", "Bearer garbage", "Bearer " + valid));

        cat.note(cases.size() + " token cases x " + probes.size() + " functions");
        return cases.stream().map(c -> cat.attempt("refused: " + RawHttp.printable(RawHttp.cap(c.name(), 120)), () -> expectRefused(c)));
    }

    String psOrRs(String alg) {
        try {
            String input = B.json(Map.of("alg", "PS256")) + "." + B.json(claims());
            Signature sig = Signature.getInstance(alg);
            sig.setParameter(new java.security.spec.PSSParameterSpec("SHA-256", "MGF1",
                java.security.spec.MGF1ParameterSpec.SHA256, 32, 1));
            sig.initSign(rsa.getPrivate());
            sig.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + B.enc(sig.sign());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    String hmacAlg(String alg, String javaAlg) {
        String input = B.json(Map.of("alg", alg)) + "." + B.json(claims());
        return input + "." + B.enc(hmacBytes(input, Suite.secret(ws).getBytes(StandardCharsets.UTF_8), javaAlg));
    }

    static byte[] bytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    @Test
    @Order(3)
    void aRotatedOutSecretIsRefusedOnceTheCacheWindowHasPassed() {
        int base = cat.failures.get();
        // Warm: the functions have seen (and cached) the workspace while its first secret was the only one.
        Workspace rot = s.createWorkspace("adv-rot");
        String first = Suite.tenantToken(rot, "rot-tenant");
        for (Probe p : probes) {
            if (!p.path().equals("/act")) {
                RawHttp.Request req = RawHttp.Request.of(p.method(), p.path()).bearer(first);
                RawHttp.Response res = s.send(req);
                cat.record("control: first secret before rotation on " + p.path(), req, res, Suite.expectStatus(res, 200));
            }
        }
        Workspace once = s.workspaces.rotateSecret(rot);
        Workspace twice = s.workspaces.rotateSecret(once);
        cat.check("setup: the first secret is gone after two rotations",
            twice.secrets().stream().noneMatch(x -> x.value().equals(rot.secrets().get(0).value())), "still active");
        // A warm function may trust its cached workspace for actgate.auth.workspace-cache-ms (5 s, docs/auth.md).
        try {
            Thread.sleep(5_500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Probe p : probes) {
            if (p.path().equals("/act")) {
                continue;
            }
            RawHttp.Request req = RawHttp.Request.of(p.method(), p.path()).bearer(first);
            RawHttp.Response res = s.send(req);
            String problem = Suite.expectStatus(res, 401);
            cat.record("jwt rotated-out secret (workspace cached before the rotations) on " + p.method() + " " + p.path()
                + " (" + p.function() + ")", req, res, problem == null ? null
                : problem + " — a token signed with a secret retired by two rotations still works after the 5 s cache window");
        }

        // Cold: a workspace rotated twice before any function saw it.
        Workspace cold = s.createWorkspace("adv-rot-cold");
        String coldFirst = Suite.tenantToken(cold, "rot-tenant");
        s.workspaces.rotateSecret(s.workspaces.rotateSecret(cold));
        for (Probe p : probes) {
            RawHttp.Request req = RawHttp.Request.of(p.method(), p.path()).bearer(coldFirst);
            if (p.body() != null) {
                req = req.json(p.body());
            }
            RawHttp.Response res = s.send(req);
            cat.record("jwt rotated-out secret (cold) on " + p.method() + " " + p.path(), req, res, Suite.expectStatus(res, 401));
        }
        // The current secret works after the rotations (control).
        Workspace now = s.workspaces.find(cold.key()).orElseThrow();
        RawHttp.Request ok = RawHttp.Request.of("GET", "/connections").bearer(Suite.tenantToken(s.workspaces.fresh(cold.key()).orElse(now), "rot-tenant"));
        RawHttp.Response okRes = s.send(ok);
        cat.record("control: newest secret after rotation", ok, okRes, Suite.expectStatus(okRes, 200));
        cat.assertNoNewFailures(base);
    }

    @Test
    @Order(4)
    void aTenantTokenOnEveryManagerRouteIs403AndChangesNothing() {
        int base = cat.failures.get();
        String manager = s.manager();
        String tenant = s.tenant("default");
        String before = s.call("GET", "/integrations/demo-todos", manager, null).body();
        String paramsBefore = s.call("GET", "/integrations/demo-todos/parameters", manager, null).body();
        List<Routes.Route> managerRoutes = Routes.manager(s.root);
        cat.check("template.yaml has manager routes", managerRoutes.size() >= 6, managerRoutes.toString());
        Map<String, Object> body = Map.of("key", "demo-todos", "baseUrl", s.target.baseUrl() + "/stolen",
            "auth", Map.of("type", "bearer"));
        String[] tenantTokens = {
            tenant,
            Suite.sign(s.defaultWorkspace, Map.of("workspaceKey", s.defaultWorkspace.key(), "tenantKey", "default", "isAdmin", false), Duration.ofHours(1)),
            Suite.sign(s.defaultWorkspace, Map.of("iss", s.defaultWorkspace.key(), "id", "default", "isAdmin", "true"), Duration.ofHours(1)),
        };
        for (Routes.Route r : managerRoutes) {
            for (String selector : new String[] {"demo-todos", "no-such-integration"}) {
                for (int t = 0; t < tenantTokens.length; t++) {
                    String path = r.path().replace("{selector}", selector).replace("{id}", "no-such-id");
                    RawHttp.Request req = RawHttp.Request.of(r.method(), path).bearer(tenantTokens[t]);
                    if (!r.method().equals("DELETE")) {
                        req = req.json(r.path().endsWith("/parameters") ? Map.of("client_secret", "stolen") : body);
                    }
                    RawHttp.Response res = s.send(req);
                    String problem = Suite.expectStatus(res, 403);
                    if (problem == null && !"FORBIDDEN".equals(Suite.code(res))) {
                        problem = "code " + Suite.code(res) + " instead of FORBIDDEN";
                    }
                    cat.record("tenant token #" + t + " on manager route " + r.key(), req, res, problem);
                }
            }
        }
        String after = s.call("GET", "/integrations/demo-todos", manager, null).body();
        String paramsAfter = s.call("GET", "/integrations/demo-todos/parameters", manager, null).body();
        cat.check("demo-todos integration unchanged after tenant attempts", before.equals(after), before + " -> " + after);
        cat.check("demo-todos parameters unchanged after tenant attempts", paramsBefore.equals(paramsAfter), paramsBefore + " -> " + paramsAfter);
        JsonNode integrations = s.call("GET", "/integrations", manager, null).json();
        cat.check("no integration was created by a tenant", !integrations.toString().contains("/stolen"), integrations.toString());
        cat.assertNoNewFailures(base);
    }
}
