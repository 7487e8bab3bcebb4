package dev.actgate.local.adversarial;

import dev.actgate.shared.egress.EgressDeniedException;
import dev.actgate.shared.egress.EgressPolicy;
import dev.actgate.shared.testing.CountingListener;
import dev.actgate.shared.testing.TestUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The egress matrix: integrations whose base URL, token URL or identity endpoint point inward, in every spelling of
 * loopback we know, through POST /act (inline api and code), the proxy route and the connect path. Each must be
 * refused and the listener on the address it names must see no connection at all. The allowlist (the suite's
 * canary on 127.0.0.1:port) must let exactly that host and port through.
 *
 * <p>Safety: end to end, only loopback destinations are ever named (127.0.0.0/8, ::1). Non-loopback ranges are judged
 * on the policy's decision alone (no network), and the JVM's dial guard ({@code actgate.egress.dial-guard}) refuses
 * any non-loopback dial even if the policy were wrong.
 */
@ExtendWith(Suite.Extension.class)
class AdversarialEgressTest {
    static Suite s;
    static Tally.Category cat;
    static long started;
    static String tenant;
    static String manager;
    static CountingListener inward;
    static CountingListener inward6;
    static CountingListener inwardAlt;   // 127.0.0.2, when the loopback interface has it
    static int canaryPort;
    static final AtomicInteger seq = new AtomicInteger();

    /** One destination: how it is reached and what must happen. */
    record Case(String name, String kind, String url, CountingListener listener, boolean allowed) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void setUp() throws IOException {
        s = Suite.get();
        cat = s.tally.category("egress");
        cat.about = "integrations whose baseUrl/tokenUrl/identity point at loopback in every spelling (decimal, octal, hex, short, "
            + "IPv6, mapped, names), reached via /act api and code, the proxy and the connect path; a redirect from the allowed "
            + "host inward; the allowlisted canary as control; the policy's decision on every internal range (no network)";
        started = System.nanoTime();
        tenant = s.tenant("egress-tenant");
        manager = s.manager();
        canaryPort = URI.create(s.canary.baseUrl()).getPort();
        ensureListeners();
        s.canary.on("/egress/redirect", r -> TestUpstream.Reply.json(302, "{}")
            .withHeader("Location", "http://127.0.0.1:" + inward.port() + "/pwn"));
        s.canary.on("/egress/ok", r -> TestUpstream.Reply.json(200, "{\"ok\":true}"));
        // Warm the JavaScript sandbox once (its first run in a JVM compiles a lot), so the code case measures egress.
        s.call("POST", "/act", tenant, Map.of("code", "module.exports = async () => 1"));
    }

    static synchronized void ensureListeners() {
        if (inward != null) {
            return;
        }
        try {
            inward = new CountingListener("127.0.0.1");
            inward6 = new CountingListener("::1");
            try {
                inwardAlt = new CountingListener("127.0.0.2");
            } catch (IOException e) {
                inwardAlt = null;
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void report() throws IOException {
        cat.millis = (System.nanoTime() - started) / 1_000_000;
        System.out.println(cat.report());
        for (CountingListener l : new CountingListener[] {inward, inward6, inwardAlt}) {
            if (l != null) {
                l.close();
            }
        }
    }

    /** Names in /etc/hosts that map to loopback (other than localhost), e.g. the machine's own host name. */
    static List<String> hostsFileLoopbackNames() {
        List<String> names = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/etc/hosts"))) {
                String[] f = line.replaceAll("#.*", "").trim().split("\\s+");
                if (f.length >= 2 && (f[0].startsWith("127.") || f[0].equals("::1"))) {
                    for (int i = 1; i < f.length; i++) {
                        if (!f[i].equalsIgnoreCase("localhost") && !names.contains(f[i]) && names.size() < 3) {
                            names.add(f[i]);
                        }
                    }
                }
            }
        } catch (IOException e) {
            // no hosts file: no such cases
        }
        return names;
    }

    static List<Case> destinations() {
        ensureListeners();
        int p = inward.port();
        int p6 = inward6.port();
        List<Case> c = new ArrayList<>();
        String[] v4 = {"127.0.0.1", "127.1", "127.0.1", "2130706433", "0x7f000001", "0x7f.0.0.1", "0x7F.0x0.0x0.0x1", "0177.0.0.1",
            "0177.0.0.01", "017700000001", "127.000.000.001", "0127.0.0.1", "127.0.0.1.", "0.0.0.0", "0", "localhost", "LOCALHOST",
            "localhost.", "egress.localhost", "LocalHost.localdomain.localhost"};
        for (String h : v4) {
            c.add(new Case("baseUrl http://" + h + ":port", "api", "http://" + h + ":" + p + "/v1", inward, false));
        }
        for (String h : hostsFileLoopbackNames()) {
            c.add(new Case("baseUrl http://" + h + ":port (/etc/hosts name for loopback)", "api", "http://" + h + ":" + p + "/v1", inward, false));
        }
        String[] v6 = {"[::1]", "[0:0:0:0:0:0:0:1]", "[0000::0001]", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]",
            "[0:0:0:0:0:ffff:127.0.0.1]", "[::127.0.0.1]", "[::]", "[::ffff:0.0.0.0]"};
        for (String h : v6) {
            c.add(new Case("baseUrl http://" + h + ":port", "api", "http://" + h + ":" + (h.contains("ffff") || h.contains("127") ? p : p6) + "/v1",
                h.contains("ffff") || h.contains("127") ? inward : inward6, false));
        }
        if (inwardAlt != null) {
            c.add(new Case("baseUrl http://127.0.0.2:port (other loopback address)", "api", "http://127.0.0.2:" + inwardAlt.port() + "/v1", inwardAlt, false));
            c.add(new Case("baseUrl http://127.0.0.2:canaryPort (allowlisted port, other address)", "api",
                "http://127.0.0.2:" + canaryPort + "/v1", inwardAlt, false));
        }
        c.add(new Case("baseUrl http://127.0.0.1:<DynamoDB Local> (the runtime's own database)", "api",
            "http://127.0.0.1:" + URI.create(System.getProperty("aws.services.dynamodb.endpoint-override")).getPort(), null, false));
        c.add(new Case("baseUrl http://127.0.0.1:<actgate API> (the runtime itself)", "api", "http://127.0.0.1:" + s.port, null, false));
        c.add(new Case("baseUrl http://127.0.0.1:<target> (a test server that is not allowlisted)", "api",
            s.target.baseUrl() + "/v1", null, false));
        c.add(new Case("code api.get on an inward baseUrl", "code", "http://127.0.0.1:" + p + "/v1", inward, false));
        c.add(new Case("proxy route on an inward baseUrl", "proxy", "http://[::1]:" + p6 + "/v1", inward6, false));
        c.add(new Case("redirect from the allowed canary to 127.0.0.1:<listener>", "redirect", s.canary.baseUrl() + "/egress", inward, false));
        c.add(new Case("OAuth2 tokenUrl on 127.0.0.1:<listener> (client credentials)", "token", "http://127.0.0.1:" + p + "/token", inward, false));
        c.add(new Case("OAuth2 tokenUrl on localhost:<listener>", "token", "http://localhost:" + p + "/oauth/token", inward, false));
        c.add(new Case("identity lookup (github connector /user) on 127.0.0.1:<listener>", "identity", "http://127.0.0.1:" + p, inward, false));
        c.add(new Case("identity lookup on [::1]:<listener>", "identity", "http://[::1]:" + p6, inward6, false));
        // control: the allowlisted test host, by address and by a loopback name
        c.add(new Case("control: allowlisted canary 127.0.0.1:canaryPort", "api", s.canary.baseUrl() + "/egress", null, true));
        c.add(new Case("control: allowlisted canary via localhost:canaryPort", "api", "http://localhost:" + canaryPort + "/egress", null, true));
        return c;
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("destinations")
    void eachInwardDestinationIsRefusedAndReceivesNothing(Case c) {
        int n = seq.incrementAndGet();
        String key = "eg-" + n;
        int before = c.listener == null ? 0 : c.listener.accepted.get();
        int targetBefore = s.target.received().size();
        String problem;
        RawHttp.Request req;
        RawHttp.Response res;
        switch (c.kind) {
            case "token" -> {
                RawHttp.Response w = s.call("POST", "/integrations", manager, Map.of("key", key, "baseUrl", s.canary.baseUrl() + "/egress",
                    "auth", Map.of("type", "oauth2-client-credentials", "tokenUrl", c.url)));
                if (w.status() >= 400) {
                    cat.record(c.name + " (refused on write)", null, w, lastProblem(c, w, before, targetBefore));
                    assertNull(lastProblem(c, w, before, targetBefore));
                    return;
                }
                s.call("POST", "/connections", tenant, Map.of("integrationKey", key, "key", key,
                    "credentials", Map.of("clientId", "egress-client", "clientSecret", "egress-secret-" + n)));
                req = RawHttp.Request.of("POST", "/act").bearer(tenant).json(Map.of("connectionKey", key, "api", Map.of("method", "GET", "path", "/ok")));
                res = s.send(req);
            }
            case "identity" -> {
                RawHttp.Response w = s.call("POST", "/integrations", manager, Map.of("key", key, "connectorKey", "github", "baseUrl", c.url));
                if (w.status() >= 400) {
                    cat.record(c.name, null, w, lastProblem(c, w, before, targetBefore));
                    assertNull(lastProblem(c, w, before, targetBefore));
                    return;
                }
                req = RawHttp.Request.of("POST", "/connections").bearer(tenant).json(Map.of("integrationKey", key, "key", key,
                    "credentials", Map.of("accessToken", "gho_egress" + n + "abcdef")));
                res = s.send(req);
                // the connection may be created (identity is best effort), but it must not carry an identity, and nothing may be sent
                problem = res.status() >= 500 ? "5xx" : null;
                if (problem == null && res.status() < 300 && !res.json().path("externalIdentity").isMissingNode()
                    && !res.json().path("externalIdentity").isNull() && res.json().path("externalIdentity").path("login").isTextual()) {
                    problem = "an identity was recorded from an inward address";
                }
                problem = join(problem, received(c, before, targetBefore));
                cat.record(c.name, req, res, problem);
                assertNull(problem, c.name + ": " + res.describe(300));
                return;
            }
            default -> {
                RawHttp.Response w = s.call("POST", "/integrations", manager, Map.of("key", key, "baseUrl", c.url,
                    "auth", Map.of("type", "api-key", "in", "header", "name", "X-Api-Key")));
                if (w.status() >= 400) {
                    // refused at write time (e.g. a URL without a host): refused is refused, as long as nothing was sent
                    String p = c.allowed ? "the allowlisted destination was refused at write: " + w.describe(200) : lastProblem(c, w, before, targetBefore);
                    cat.record(c.name + " (refused on write)", null, w, p);
                    assertNull(p, c.name);
                    return;
                }
                s.createConnection(tenant, key, key, "egress-key-" + n);
                Object body = switch (c.kind) {
                    case "code" -> Map.of("connectionKey", key, "code", "module.exports = async ({ api }) => api.get('/x')");
                    case "redirect" -> Map.of("connectionKey", key, "api", Map.of("method", "GET", "path", "/redirect"));
                    default -> Map.of("connectionKey", key, "api", Map.of("method", "GET", "path", c.allowed ? "/ok" : "/x"));
                };
                req = c.kind.equals("proxy") ? RawHttp.Request.of("GET", "/connections/" + key + "/proxy/x").bearer(tenant)
                    : RawHttp.Request.of("POST", "/act").bearer(tenant).json(body);
                res = s.send(req);
            }
        }
        if (c.allowed) {
            problem = Suite.expectStatus(res, 200);
        } else if (c.kind.equals("redirect")) {
            // not followed: the 3xx is the answer; the inward address never sees a connection
            problem = res.status() >= 500 ? "5xx" : null;
        } else {
            problem = Suite.expectStatus(res, 400, 422);
            if (problem == null && !res.body().contains("EGRESS_DENIED")) {
                problem = "refused, but not as EGRESS_DENIED: " + res.describe(200);
            }
            if (problem == null && (res.body().contains("Connection refused") || res.body().contains("ConnectException"))) {
                problem = "the error leaks connect detail";
            }
        }
        problem = join(problem, received(c, before, targetBefore));
        cat.record(c.name, req, res, problem);
        assertNull(problem, c.name + ": " + res.describe(300));
    }

    private static String lastProblem(Case c, RawHttp.Response w, int before, int targetBefore) {
        String p = w.status() >= 500 ? "5xx on write" : null;
        return join(p, received(c, before, targetBefore));
    }

    private static String received(Case c, int before, int targetBefore) {
        pause();
        if (c.listener != null && c.listener.accepted.get() != before) {
            return (c.listener.accepted.get() - before) + " connection(s) reached the inward listener";
        }
        if (s.target.received().size() != targetBefore) {
            return "the non-allowlisted target server received a request";
        }
        return null;
    }

    private static void pause() {
        try {
            Thread.sleep(20);   // let a connection that did get through be accepted before counting
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String join(String a, String b) {
        return a == null ? b : b == null ? a : a + "; " + b;
    }

    /** Every internal range, IPv4, IPv6 and embedded forms: the policy's decision only (nothing is dialled). */
    static List<String> internalAddresses() {
        return List.of("169.254.169.254", "169.254.170.2", "169.254.0.1", "10.0.0.1", "10.255.255.254", "172.16.0.1", "172.31.255.254",
            "192.168.0.1", "192.168.255.254", "100.64.0.1", "100.127.255.254", "0.0.0.0", "0.0.0.1", "224.0.0.251", "239.255.255.250",
            "255.255.255.255", "240.0.0.1", "192.0.0.192", "198.18.0.1", "fd00:ec2::254", "fc00::1", "fdff:ffff::1", "fe80::1",
            "fe80::a9fe:a9fe", "ff02::1", "ff0e::1", "::", "::ffff:169.254.169.254", "::ffff:10.0.0.1", "::ffff:192.168.1.1",
            "::ffff:100.64.0.1", "::169.254.169.254", "64:ff9b::a9fe:a9fe", "64:ff9b::a00:1", "2002:a9fe:a9fe::", "2002:c0a8:101::",
            "fec0::1", "2001:db8::1");
    }

    @ParameterizedTest(name = "[{index}] decision: {0} is denied")
    @MethodSource("internalAddresses")
    void theDecisionOnEveryInternalRangeIsDeny(String address) {
        EgressPolicy policy = EgressPolicy.of();
        String problem = null;
        try {
            policy.check(address, 443, List.of(InetAddress.getByName(address)));   // a literal: parsed, never looked up
            problem = "allowed";
        } catch (EgressDeniedException e) {
            if (!e.getMessage().contains("not allowed")) {
                problem = "unexpected message " + e.getMessage();
            }
        } catch (IOException e) {
            problem = "not parsed: " + e;
        }
        cat.check("decision " + address + " (no network)", problem == null, String.valueOf(problem));
        assertNull(problem, address);
    }

    @ParameterizedTest(name = "[{index}] decision: allowlist {0}")
    @MethodSource("allowlistCases")
    void theAllowlistLetsExactlyItsEntriesThrough(String entry, String address, int port, boolean expected) throws IOException {
        EgressPolicy policy = EgressPolicy.of(entry);
        boolean ok;
        try {
            policy.check(address, port, List.of(InetAddress.getByName(address)));
            ok = true;
        } catch (EgressDeniedException e) {
            ok = false;
        }
        cat.check("allowlist " + entry + " vs " + address + ":" + port, ok == expected, "expected " + expected + ", got " + ok);
        assertEquals(expected, ok);
    }

    static List<org.junit.jupiter.params.provider.Arguments> allowlistCases() {
        return List.of(
            org.junit.jupiter.params.provider.Arguments.of("10.20.0.0/16", "10.20.3.4", 443, true),
            org.junit.jupiter.params.provider.Arguments.of("10.20.0.0/16", "10.21.0.1", 443, false),
            org.junit.jupiter.params.provider.Arguments.of("127.0.0.1:4010", "127.0.0.1", 4010, true),
            org.junit.jupiter.params.provider.Arguments.of("127.0.0.1:4010", "127.0.0.1", 4011, false),
            org.junit.jupiter.params.provider.Arguments.of("127.0.0.1:4010", "127.0.0.2", 4010, false),
            org.junit.jupiter.params.provider.Arguments.of("[fd12::]/16:443", "fd12:1::1", 443, true),
            org.junit.jupiter.params.provider.Arguments.of("[fd12::]/16:443", "fd13::1", 443, false),
            org.junit.jupiter.params.provider.Arguments.of("169.254.169.254/32", "169.254.169.253", 80, false));
    }

    @org.junit.jupiter.api.Test
    void theMatrixIsLargeEnough() {
        int n = destinations().size() + internalAddresses().size();
        cat.note(destinations().size() + " end-to-end destinations (loopback only) + " + internalAddresses().size()
            + " internal-range decisions + " + allowlistCases().size() + " allowlist decisions");
        assertTrue(n >= 40, "matrix has " + n);
    }

}
