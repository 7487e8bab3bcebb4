package dev.actgate.local.adversarial;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actgate.shared.testing.CountingListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Paths and base URLs that try to make actgate call somewhere the integration never meant: through the inline api
 * of POST /act (path and its url alias), through code's api client, through the SDK proxy route, and as base-URL
 * overrides on integrations written with a manager token. Each must be a 400 and neither the integration's own
 * server ({@code canary}) nor the server the attack names ({@code target}) may receive anything.
 */
@ExtendWith(Suite.Extension.class)
class AdversarialSsrfTest {
    static Suite s;
    static Tally.Category cat;
    static long started;
    static String tenant;
    static String manager;
    static String t;  // host:port of the target server

    @BeforeAll
    static void setUp() {
        s = Suite.get();
        cat = s.tally.category("ssrf");
        cat.about = "hostile inline-api paths through /act (path, url, POST, code) and the proxy route, hostile base URLs on integration create/PATCH/PUT, tenant connection fields that fill a connector base URL (expect 400, zero requests to the canary/target servers)";
        started = System.nanoTime();
        tenant = s.tenant("ssrf-tenant");
        manager = s.manager();
        t = s.target.baseUrl().substring("http://".length());
        s.ensureIntegration(manager, "ssrf-app", s.canary.baseUrl() + "/ssrf/base/v1");
        s.createConnection(tenant, "ssrf-app", "ssrf-conn", "ssrf-key-" + Suite.SEED);
    }

    @AfterAll
    static void report() {
        cat.millis = (System.nanoTime() - started) / 1_000_000;
        System.out.println(cat.report());
    }

    /** Hostile inline-api paths, as JSON strings (so any character can be in them). */
    static List<String> hostileApiPaths() {
        List<String> p = new ArrayList<>(List.of(
            // absolute and protocol-relative URLs
            "http://" + t + "/pwn", "https://" + t + "/pwn", "HTTP://" + t + "/pwn", "hTtP://" + t + "/pwn",
            "http:/" + t + "/pwn", "http:" + t + "/pwn", "http:\\\\" + t + "\\pwn", "//" + t + "/pwn", "///" + t + "/pwn",
            "\\\\" + t + "\\pwn", "/\\" + t + "/pwn", "\\/" + t + "/pwn", " http://" + t + "/pwn", "\thttp://" + t + "/pwn",
            "\nhttp://" + t + "/pwn", "\u00a0http://" + t + "/pwn", "https://169.254.169.254/latest/meta-data/",
            "http://[::1]:" + s.target.baseUrl().replaceAll(".*:", "") + "/pwn", "file:///etc/passwd", "ftp://" + t + "/pwn",
            "gopher://" + t + "/_pwn", "javascript:alert(1)", "data:text/plain,pwn", "jar:file:///x.jar!/", "mailto:a@" + t,
            // traversal out of the base path
            "/..", "/../pwn", "/../../pwn", "/a/../../pwn", "..", "../pwn", "/%2e%2e/pwn", "/%2E%2e/pwn", "/.%2e/pwn",
            "/%2e./pwn", "/%252e%252e/pwn", "/%25252e%25252e/pwn", "/..%2fpwn", "/..%2Fpwn", "/%2e%2e%2f%2e%2e%2fpwn",
            "/..%252fpwn", "/..;/pwn", "/a/..;/..;/pwn", "/..;jsessionid=1/pwn", "/...", "/.. /pwn", "/. ./pwn",
            "/./pwn", "/a/./b", "/%2e/pwn", "/%c0%ae%c0%ae/pwn", "/%e0%80%ae%e0%80%ae/pwn", "/%c0%2e%c0%2e/pwn",
            // backslashes
            "/a\\b", "/..\\pwn", "/a%5cb", "/a%5C..%5Cpwn", "/a%255cb", "/a%25255cb",
            // userinfo
            "@" + t + "/pwn", "/@" + t + "/pwn", "user@" + t + "/pwn", "/user:pass@" + t + "/pwn", "/%40" + t + "/pwn",
            "/%2540" + t + "/pwn",
            // encoded slashes that become a host
            "/%2F%2F" + t + "/pwn", "/%2f%2f" + t + "%2fpwn", "/http%3A%2F%2F" + t + "%2Fpwn", "/%252F%252F" + t + "/pwn",
            // control characters
            "/a%00b", "/a\u0000b", "/a%0d%0aHost:%20" + t, "/a\r\nHost: " + t, "/a\nb", "/a%0ab", "/a\tb", "/a%09b",
            "/a\u007fb", "/a%7fb", "/a\u0085b",
            // fragments, bad escapes, invalid UTF-8
            "/a#frag", "/a?x=1#frag", "/%", "/a%", "/a%2", "/%zz", "/%ff", "/%c3", "/%ed%a0%80",
            // unicode look-alikes and invisible characters
            "/\uff0e\uff0e/pwn", "/\u3002\u3002/pwn", "/\u2024\u2024/pwn", "/\ufe52\ufe52/pwn", "/a\uff0fb", "/a\u2215..\u2215pwn",
            "/a\u2044b", "/\uff05\uff12\uff45\uff05\uff12\uff45/pwn", "/a\uff3cb", "/\uff20" + t, "/a\u200bb", "/a\u202eb",
            "/a\u2028b", "/a\u3000b", "/a\ufeffb", "/\ud800", "/a\ue000b", "/\uff1a\uff0f\uff0f" + t,
            // empty segments and size
            "/a//b", "//", "/a/" + "b".repeat(3000)));
        return p;
    }

    /** Hostile remainders for the proxy route, in request-target form (only what a request line can carry). */
    static List<String> hostileProxyPaths() {
        return List.of(
            "..", "../pwn", "..%2fpwn", "..%2Fpwn", "%2e%2e/pwn", "%2E%2E%2Fpwn", ".%2e/pwn", "%2e./pwn", "%252e%252e/pwn",
            "%25252e%25252e/pwn", "a/../../pwn", "a/%2e%2e/%2e%2e/pwn", "..;/pwn", "a/..;/..;/pwn", "%2e/pwn", "./pwn", "...",
            "..%20", "%2e%2e%20/pwn", "%c0%ae%c0%ae/pwn", "%e0%80%ae%e0%80%ae/pwn", "%5c%5c" + t + "/pwn", "a%5cb", "a%255cb",
            "%2F%2F" + t + "/pwn", "%2f%2f" + t + "%2fpwn", "http:%2F%2F" + t + "/pwn", "http%3A%2F%2F" + t + "%2Fpwn",
            "http://" + t + "/pwn", "/" + t + "/pwn", "//" + t + "/pwn", "%40" + t + "/pwn",
            "user:pass@" + t + "/pwn", "@" + t + "/pwn", "a%00b", "a%0d%0aHost:%20" + t, "a%0aX:1", "a%09b", "a%7fb",
            "%ef%bc%8e%ef%bc%8e/pwn", "%e3%80%82%e3%80%82/pwn", "a%ef%bc%8fb", "a%e2%88%95..%e2%88%95pwn", "a%e2%80%8bb",
            "a%e2%80%aeb", "a%c2%a0b", "%ed%a0%80", "%ff", "%c3", "a//b", "a/" + "b".repeat(3000));
    }

    int strayRequests() {
        return s.target.received().size() + (int) s.canary.received("/ssrf").stream()
            .filter(r -> !r.path().startsWith("/ssrf/base/v1/ok")).count();
    }

    void expect400(String label, RawHttp.Request req) {
        int before = strayRequests();
        RawHttp.Response res = s.send(req);
        String problem = Suite.expectStatus(res, 400);
        int after = strayRequests();
        if (after != before) {
            problem = (problem == null ? "" : problem + "; ") + (after - before) + " request(s) reached the canary/target server";
        }
        cat.record(label, req, res, problem);
    }

    /** One dynamic test per hostile path and door, between two controls (a benign call still gets through). */
    @TestFactory
    Stream<DynamicTest> hostilePathsThroughActAndCodeAre400WithNoRequest() {
        List<String> paths = hostileApiPaths();
        List<DynamicTest> tests = new ArrayList<>();
        tests.add(cat.attempt("control before: a benign path reaches the base URL", this::control));
        for (int i = 0; i < paths.size(); i++) {
            String path = paths.get(i);
            // api.url is an alias of api.path: the absolute and protocol-relative URLs (the first 25) go through both.
            List<String> fields = i < 25 ? List.of("path", "url") : List.of("path");
            tests.add(cat.attempt("/act api." + String.join("/", fields) + " " + RawHttp.printable(RawHttp.cap(path, 80)), () -> {
                for (String field : fields) {
                    Map<String, Object> api = new LinkedHashMap<>();
                    api.put("method", "GET");
                    api.put(field, path);
                    expect400("/act api." + field + " " + RawHttp.printable(RawHttp.cap(path, 80)), RawHttp.Request.of("POST", "/act")
                        .bearer(tenant).json(Map.of("connectionKey", "ssrf-conn", "api", api)));
                }
            }));
        }
        // POST too: a body must not help a hostile path through.
        for (String path : paths.subList(0, 10)) {
            tests.add(cat.attempt("/act api POST " + RawHttp.printable(RawHttp.cap(path, 80)), () ->
                expect400("/act api POST " + RawHttp.printable(path), RawHttp.Request.of("POST", "/act").bearer(tenant)
                    .json(Map.of("connectionKey", "ssrf-conn", "api", Map.of("method", "POST", "path", path, "body", Map.of("a", 1)))))));
        }
        // Inside code the refusal is the code's error: 422 custom_code carrying UNSAFE_REQUEST_PATH, and no request.
        for (String path : paths.subList(0, 20)) {
            tests.add(cat.attempt("code api.get " + RawHttp.printable(RawHttp.cap(path, 80)), () -> {
                int before = strayRequests();
                String code = "module.exports = async ({ api }) => api.get(" + jsString(path) + ")";
                RawHttp.Request req = RawHttp.Request.of("POST", "/act").bearer(tenant).json(Map.of("connectionKey", "ssrf-conn", "code", code));
                RawHttp.Response res = s.send(req);
                String problem = Suite.expectStatus(res, 422);
                if (problem == null && !res.body().contains("UNSAFE_REQUEST_PATH")) {
                    problem = "the code's error does not carry UNSAFE_REQUEST_PATH";
                }
                if (strayRequests() != before) {
                    problem = "request reached the canary/target server";
                }
                cat.record("code api.get " + RawHttp.printable(path), req, res, problem);
            }));
        }
        tests.add(cat.attempt("control after: a benign path reaches the base URL", this::control));
        cat.note(paths.size() + " hostile api paths (+25 as api.url) + 10 as POST + 20 through code");
        return tests.stream();
    }

    /** One dynamic test per hostile proxy path (GET and POST), then the benign control. */
    @TestFactory
    Stream<DynamicTest> hostilePathsThroughTheProxyAre400WithNoRequest() {
        List<String> paths = hostileProxyPaths();
        List<DynamicTest> tests = new ArrayList<>();
        for (String path : paths) {
            tests.add(cat.attempt("proxy GET/POST " + RawHttp.printable(RawHttp.cap(path, 80)), () -> {
                for (String method : List.of("GET", "POST")) {
                    RawHttp.Request req = RawHttp.Request.of(method, "/connections/ssrf-conn/proxy/" + path).bearer(tenant);
                    expect400("proxy " + method + " " + RawHttp.cap(path, 80), method.equals("POST") ? req.json("{}") : req);
                }
            }));
        }
        tests.add(cat.attempt("control: a benign proxy path", () -> {
            RawHttp.Request ok = RawHttp.Request.of("GET", "/connections/ssrf-conn/proxy/ok").bearer(tenant);
            RawHttp.Response okRes = s.send(ok);
            cat.record("control: a benign proxy path", ok, okRes, Suite.expectStatus(okRes, 200));
        }));
        cat.note(paths.size() + " hostile proxy paths x GET/POST");
        return tests.stream();
    }

    /** One dynamic test per hostile base URL (create, PATCH, PUT, connector create), then the state checks. */
    @TestFactory
    Stream<DynamicTest> hostileBaseUrlsAreRefusedOnCreateAndOnChange() {
        String port = s.target.baseUrl().replaceAll(".*:", "");
        List<String> urls = List.of(
            "file:///etc/passwd", "file://" + t + "/x", "ftp://" + t + "/x", "gopher://" + t + "/_x", "javascript:alert(1)",
            "data:text/plain,x", "jar:http://" + t + "/x.jar!/", "ldap://" + t + "/x", "dict://" + t + "/x",
            "http://user:pass@" + t + "/x", "http://user@" + t + "/x", "http://" + t + "@evil.example/x",
            "http://evil.example\\@" + t + "/x", "http://" + t + "/x#frag", "http://" + t + "/x#", "http://" + t + "/x?query=1",
            "http://" + t + "/x?", "http:///x", "http://", "http:", "http://:" + port + "/x", "//" + t + "/x", t + "/x",
            "/relative/path", "", " ", "http://" + t + "/a/../b", "http://" + t + "/a/./b", "http://" + t + "/a//b",
            "http://" + t + "/%2e%2e/x", " http://" + t + "/x", "http://" + t + "/x\n",
            "http://" + t + "/x\u0000", "http://ex ample.com/x", "http://exämple.com/x", "http://a_b.example/x", "http://[::1/x",
            "http://127.0.0.1:99999/x", "http://127.0.0.1:-1/x", "http://" + t + "\\x", "HTTP://" + t + ":/x:" + "a".repeat(5000));
        Map<String, Object> auth = Map.of("type", "api-key", "in", "header", "name", "X-Api-Key");
        JsonNode before = s.call("GET", "/integrations/ssrf-app", manager, null).json();
        List<DynamicTest> tests = new ArrayList<>();
        for (String url : urls) {
            String label = RawHttp.printable(RawHttp.cap(url, 80));
            tests.add(cat.attempt("baseUrl " + label, () -> {
                expect400("create integration with baseUrl " + label, RawHttp.Request.of("POST", "/integrations").bearer(manager)
                    .json(Map.of("key", "ssrf-evil", "baseUrl", url, "auth", auth)));
                expect400("PATCH integration baseUrl " + label, RawHttp.Request.of("PATCH", "/integrations/ssrf-app").bearer(manager)
                    .json(Map.of("baseUrl", url)));
                expect400("PUT integration baseUrl " + label, RawHttp.Request.of("PUT", "/integrations/ssrf-app").bearer(manager)
                    .json(Map.of("key", "ssrf-app", "baseUrl", url, "auth", auth)));
                expect400("create integration from connector with baseUrl " + label, RawHttp.Request.of("POST", "/integrations")
                    .bearer(manager).json(Map.of("key", "ssrf-evil-2", "connectorKey", "custom-http", "baseUrl", url)));
            }));
        }
        tests.add(cat.attempt("state after the refused base URLs: unchanged, nothing created", () -> {
            JsonNode after = s.call("GET", "/integrations/ssrf-app", manager, null).json();
            cat.check("ssrf-app's baseUrl unchanged after refused overrides", before.path("baseUrl").equals(after.path("baseUrl")),
                before.path("baseUrl") + " -> " + after.path("baseUrl"));
            RawHttp.Response evil = s.call("GET", "/integrations/ssrf-evil", manager, null);
            cat.check("no integration was created with a hostile baseUrl", evil.status() == 404, "GET /integrations/ssrf-evil: " + evil.describe(300));
            control();
        }));
        cat.note(urls.size() + " hostile base URLs x create/PATCH/PUT/connector create");
        return tests.stream();
    }

    /**
     * Connector base URLs with connection placeholders ({@code https://{{connection.subdomain}}.zendesk.com/api/v2}) are
     * filled from fields the TENANT writes. A subdomain such as {@code 127.0.0.1:PORT/x} moves the host. Either the
     * connection is refused (400) or the call is (4xx); no TCP connection may reach the host the tenant named.
     */
    @Test
    void tenantWrittenConnectionFieldsCannotMoveTheHost() throws Exception {
        int base = cat.failures.get();
        try (CountingListener listener = new CountingListener("127.0.0.1")) {
            java.util.concurrent.atomic.AtomicInteger connects = listener.accepted;
            String hp = "127.0.0.1:" + listener.port();
            List<String> subdomains = List.of(hp + "/x", hp + "/", hp + "/a/b/c/d", hp + "/x?", hp + "/x#", "a@" + hp + "/x",
                "x:y@" + hp + "/x", hp + "\\x", hp, "localhost:" + listener.port() + "/x", "[::ffff:127.0.0.1]:"
                + listener.port() + "/x");
            int i = 0;
            for (String sub : subdomains) {
                String key = "zd-" + (i++);
                RawHttp.Request create = RawHttp.Request.of("POST", "/connections").bearer(tenant).json(Map.of("connectorKey", "zendesk",
                    "key", key, "fields", Map.of("subdomain", sub, "email", "agent@example.com"), "credentials", Map.of("apiToken", "zd-token")));
                int before = connects.get();
                RawHttp.Response created = s.send(create);
                if (created.status() == 400) {
                    cat.record("zendesk subdomain " + sub + " refused at create", create, created, Suite.errorShapeProblem(created));
                    continue;
                }
                if (created.status() != 201) {
                    cat.record("zendesk subdomain " + sub + " at create", create, created, "expected 201 or 400, got " + created.status());
                    continue;
                }
                RawHttp.Request act = RawHttp.Request.of("POST", "/act").bearer(tenant)
                    .json(Map.of("connectionKey", key, "api", Map.of("method", "GET", "path", "/users/me")));
                RawHttp.Response res = s.send(act);
                Thread.sleep(50);
                String problem = res.status() >= 400 && res.status() < 500 ? Suite.errorShapeProblem(res)
                    : "expected a 4xx refusal, got " + res.status();
                if (connects.get() != before) {
                    problem = (connects.get() - before) + " TCP connection(s) reached " + hp + " (the host the tenant's subdomain"
                        + " named): the filled base URL's host is not pinned to the connector's" + (problem == null ? "" : "; " + problem);
                }
                cat.record("tenant zendesk subdomain " + RawHttp.printable(sub) + " then /act", act, res, problem);
            }
        }
        cat.assertNoNewFailures(base);
    }

    /** A benign call still goes to the base URL: proves the 400s above are the guard's, not a broken setup. */
    void control() {
        int before = s.canary.received("/ssrf/base/v1/ok").size();
        RawHttp.Request ok = RawHttp.Request.of("POST", "/act").bearer(tenant)
            .json(Map.of("connectionKey", "ssrf-conn", "api", Map.of("method", "GET", "path", "/ok")));
        RawHttp.Response res = s.send(ok);
        String problem = Suite.expectStatus(res, 200);
        if (problem == null && s.canary.received("/ssrf/base/v1/ok").size() != before + 1) {
            problem = "the benign call did not reach /ssrf/base/v1/ok";
        }
        cat.record("control: benign path reaches the base URL", ok, res, problem);
    }

    static String jsString(String s) {
        try {
            return Suite.JSON.writeValueAsString(s).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
