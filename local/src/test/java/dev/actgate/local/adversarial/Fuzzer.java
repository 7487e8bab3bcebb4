package dev.actgate.local.adversarial;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generates malformed and random requests from a seed: one {@link Random} per request index, so request #n is the
 * same on every run whatever the thread count or time bound. Bodies are built as JSON text by hand so they can hold
 * what a JSON library would never write: duplicate keys, out-of-range numbers, truncation, invalid UTF-8.
 */
final class Fuzzer {
    /** Real values of the fuzz workspace, so some requests get past "not found" into validation. */
    record Known(String integrationKey, String integrationId, String connectionKey, String connectionId, String runId, String upstreamBase) {
    }

    static final String[] METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "FOO", "get"};
    static final String[] CONTENT_TYPES = {"application/json", "application/json; charset=utf-8", "application/json; charset=utf-16",
        "application/json;charset=nonsense", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=xyz",
        "application/xml", "*/*", "a/b/c", "", "application/json, text/plain", "APPLICATION/JSON", "application/merge-patch+json",
        "application/vnd.api+json", "application/octet-stream"};
    static final String[] ACCEPTS = {"application/json", "text/html", "application/xml", "*/*", "garbage", "", "text/event-stream",
        "application/json;q=0"};
    static final String[] QUERY_KEYS = {"limit", "cursor", "includeArchived", "search", "integrationKey", "integrationId", "connectionId",
        "connectionKey", "externalAppId", "connectorKey", "includeDetails", "connectors", "status", "from", "to", "actionId", "actionKey",
        "since", "until", "order", "x", "", "a[b]", "limit[]", "__proto__"};
    static final Map<String, String[]> FIELDS = Map.of(
        "act", new String[] {"id", "key", "api", "code", "connectionId", "connectionKey", "integrationId", "integrationKey", "input",
            "meta", "version", "idempotencyKey"},
        "api", new String[] {"method", "path", "url", "query", "headers", "body", "data"},
        "connections", new String[] {"key", "name", "integrationKey", "integrationId", "connectorKey", "connectorId", "credentials",
            "fields", "input", "connectorParameters", "meta", "isDefault", "isTenantDefault"},
        "integrations", new String[] {"key", "name", "connectorKey", "connectorId", "baseUrl", "auth", "parameters", "meta",
            "connectTimeoutMs", "readTimeoutMs"},
        "auth", new String[] {"type", "in", "name", "authorizeUrl", "tokenUrl", "scopes", "scopeSeparator", "pkce", "tokenAuthMethod",
            "refreshable", "fields", "usernameTemplate", "passwordTemplate", "headers"});
    static final String[] RAW_NUMBERS = {"0", "-0", "1", "-1", "2147483647", "2147483648", "-2147483649", "9223372036854775807",
        "9223372036854775808", "-9223372036854775809", "123456789012345678901234567890123456789", "1e400", "-1e400", "1e-400",
        "1.7976931348623157e309", "4.9e-325", "1E+2147483648", "1e-2147483649", "0.1", "100", "1000", "1001", "99999999999",
        "1." + "0".repeat(2000) + "1", "1" + "0".repeat(1200)};

    private final Known known;
    private final String tenantToken;
    private final String managerToken;
    private final long seed;

    Fuzzer(long seed, Known known, String tenantToken, String managerToken) {
        this.seed = seed;
        this.known = known;
        this.tenantToken = tenantToken;
        this.managerToken = managerToken;
    }

    record Generated(String label, RawHttp.Request request) {
    }

    Generated generate(int index, List<Routes.Route> routes) {
        Random r = new Random(seed * 1_000_003L + index);
        Routes.Route route = routes.get(r.nextInt(routes.size()));
        String method = route.method().equals("ANY") || r.nextInt(12) == 0 ? pick(r, METHODS) : route.method();
        StringBuilder path = new StringBuilder();
        String family = route.path().startsWith("/act") && !route.path().startsWith("/action-run-logs") ? "act"
            : route.path().startsWith("/actions") ? "actions" : route.path().startsWith("/integrations") ? "integrations"
            : route.path().startsWith("/connectors") ? "connectors" : route.path().startsWith("/action-run-logs") ? "runs"
            : route.path().startsWith("/connections") ? "connections" : "other";
        for (String seg : route.path().substring(1).split("/")) {
            path.append('/');
            switch (seg) {
                case "{selector}" -> path.append(r.nextInt(3) > 0 ? realSelector(r, family) : randomSegment(r));
                case "{key}" -> path.append(r.nextBoolean() ? pick(r, new String[] {"github", "get-user", "slack", "custom-http"}) : randomSegment(r));
                case "{id}" -> path.append(r.nextInt(3) > 0 ? known.runId() : randomSegment(r));
                case "{path+}", "{proxy+}" -> {
                    int n = 1 + r.nextInt(4);
                    for (int i = 0; i < n; i++) {
                        path.append(i == 0 ? "" : "/").append(randomSegment(r));
                    }
                }
                // Other parameters (the vendor dialects' {project_id}, {slug}, {url_64+}, …): a random segment.
                default -> path.append(seg.startsWith("{") ? randomSegment(r) : seg);
            }
        }
        if (r.nextInt(5) < 2) {
            path.append('?').append(randomQuery(r));
        }
        RawHttp.Request req = RawHttp.Request.of(method, path.toString());
        req = req.bearer(r.nextInt(6) == 0 ? tenantToken : managerToken);
        boolean wantsBody = method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
        String kind = "none";
        if (wantsBody ? r.nextInt(20) > 0 : r.nextInt(7) == 0) {
            int ct = r.nextInt(10);
            if (ct < 7) {
                req = req.header("Content-Type", "application/json");
            } else if (ct < 9) {
                req = req.header("Content-Type", pick(r, CONTENT_TYPES));
            } else if (r.nextBoolean()) {
                req = req.header("Content-Type", "application/json").header("Content-Type", pick(r, CONTENT_TYPES));
            }
            Body body = body(r, family, route.path());
            kind = body.kind;
            req = req.body(body.bytes);
        }
        if (r.nextInt(5) == 0) {
            req = randomHeaders(r, req);
        }
        return new Generated("#" + index + " " + method + " " + route.path() + " body=" + kind, req);
    }

    private String realSelector(Random r, String family) {
        return switch (family) {
            case "integrations" -> r.nextBoolean() ? known.integrationKey() : known.integrationId();
            case "connections", "act" -> r.nextBoolean() ? known.connectionKey() : known.connectionId();
            case "actions" -> pick(r, new String[] {"get-user", "github-get-user", "act_0000000000000000000000000a", "list-todos"});
            case "runs" -> known.runId();
            default -> "github";
        };
    }

    // ------------------------------------------------------------------ bodies

    record Body(String kind, byte[] bytes) {
    }

    Body body(Random r, String family, String routePath) {
        int k = r.nextInt(100);
        if (k < 38) {
            return text("route-shaped", routeShaped(r, family, routePath, 0));
        }
        if (k < 55) {
            return text("random-json", randomJson(r, 0, 1 + r.nextInt(6)));
        }
        if (k < 63) {
            String full = routeShaped(r, family, routePath, 0);
            return text("truncated", full.substring(0, r.nextInt(Math.max(1, full.length()))));
        }
        if (k < 68) {
            return invalidUtf8(r, routeShaped(r, family, routePath, 0));
        }
        if (k < 73) {
            String[] fields = FIELDS.getOrDefault(family, FIELDS.get("act"));
            String f = pick(r, fields);
            int size = pick(r, new int[] {70_000, 300_000, 1_100_000, 2_500_000});
            String unit = randomChars(r, 16);
            // JSON escaping and UTF-8 can triple the size: stay under the 6 MB request limit (a targeted case tests that).
            if ((long) (q(unit).getBytes(StandardCharsets.UTF_8).length - 2) * (size / 16) > 5_000_000) {
                unit = randomAlnum(r, 16);
            }
            return text("huge-string", "{" + q(f) + ":" + q(unit.repeat(size / 16)) + "}");
        }
        if (k < 78) {
            String[] fields = FIELDS.getOrDefault(family, FIELDS.get("act"));
            String f = pick(r, fields);
            return text("duplicate-keys", "{" + q(f) + ":" + value(r, f, 1) + "," + q(f) + ":" + value(r, f, 1) + "," + q(f) + ":"
                + value(r, f, 1) + "}");
        }
        if (k < 83) {
            String[] fields = FIELDS.getOrDefault(family, FIELDS.get("act"));
            StringBuilder b = new StringBuilder("{");
            int n = 1 + r.nextInt(3);
            for (int i = 0; i < n; i++) {
                b.append(i == 0 ? "" : ",").append(q(pick(r, fields))).append(':').append(pick(r, RAW_NUMBERS));
            }
            return text("out-of-range-numbers", b.append('}').toString());
        }
        if (k < 87) {
            int depth = pick(r, new int[] {200, 999, 1_001, 1_500, 5_000, 40_000});
            boolean arrays = r.nextBoolean();
            String open = arrays ? "[" : "{\"a\":";
            String close = arrays ? "]" : "}";
            String nested = open.repeat(depth) + "1" + close.repeat(depth);
            if (r.nextBoolean()) {
                String[] fields = FIELDS.getOrDefault(family, FIELDS.get("act"));
                nested = "{" + q(pick(r, fields)) + ":" + nested + "}";
            }
            return text("deep-nesting-" + depth, nested);
        }
        if (k < 90) {
            return text("unknown-fields", "{" + q(randomChars(r, 1 + r.nextInt(20))) + ":1,\"__proto__\":{\"isAdmin\":true},"
                + "\"constructor\":{\"prototype\":{\"x\":1}}}");
        }
        if (k < 93) {
            return text("not-json", pick(r, new String[] {"", " ", "null", "true", "\"str\"", "[]", "1", "{", "}", "{]", "NaN",
                "{\"a\":NaN}", "{\"a\":Infinity}", "{'a':1}", "{a:1}", "{\"a\":1,}", "[1,]", "{\"a\":1}{\"b\":2}", "\u0000",
                "/* c */ {}", "{\"a\":\"\\ud800\"}", "{\"a\":\"\\u00\"}", "\ufeff{}", "key=value&x=1", "<xml/>"}));
        }
        if (k < 96) {
            byte[] b = new byte[r.nextInt(2_000)];
            r.nextBytes(b);
            return new Body("random-bytes", b);
        }

        return text("empty", "");
    }

    private static Body text(String kind, String s) {
        return new Body(kind, s.getBytes(StandardCharsets.UTF_8));
    }

    private Body invalidUtf8(Random r, String json) {
        byte[] base = json.getBytes(StandardCharsets.UTF_8);
        byte[][] bad = {{(byte) 0xff}, {(byte) 0xc0, (byte) 0xae}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, {(byte) 0xe2, (byte) 0x82},
            {(byte) 0x80}, {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}};
        byte[] insert = bad[r.nextInt(bad.length)];
        int at = base.length == 0 ? 0 : r.nextInt(base.length);
        byte[] out = new byte[base.length + insert.length];
        System.arraycopy(base, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(base, at, out, at + insert.length, base.length - at);
        return new Body("invalid-utf8", out);
    }

    private String routeShaped(Random r, String family, String routePath, int depth) {
        if (routePath.endsWith("/parameters")) {
            StringBuilder b = new StringBuilder("{");
            int n = r.nextInt(5);
            for (int i = 0; i < n; i++) {
                b.append(i == 0 ? "" : ",").append(q(pick(r, new String[] {"client_id", "client_secret", "scope", "", randomChars(r, 8),
                    "x".repeat(300), "apiKey"}))).append(':').append(randomJson(r, 0, 2));
            }
            return b.append('}').toString();
        }
        if (routePath.endsWith("/run") || routePath.contains("/proxy/")) {
            return r.nextBoolean() ? "{\"input\":" + randomJson(r, 0, 3) + "}" : randomJson(r, 0, 3);
        }
        String[] fields = FIELDS.getOrDefault(family, FIELDS.get("act"));
        StringBuilder b = new StringBuilder("{");
        int n = 1 + r.nextInt(Math.min(5, fields.length));
        for (int i = 0; i < n; i++) {
            String f = r.nextInt(15) == 0 ? randomChars(r, 6) : pick(r, fields);
            b.append(i == 0 ? "" : ",").append(q(f)).append(':').append(value(r, f, depth + 1));
        }
        return b.append('}').toString();
    }

    /** A value for a known field: usually plausible, often of the wrong type or shape. */
    private String value(Random r, String field, int depth) {
        if (r.nextInt(3) == 0 || depth > 3) {
            return randomJson(r, depth, 3);
        }
        return switch (field) {
            case "api" -> routeShaped(r, "api", "", depth);
            case "auth" -> routeShaped(r, "auth", "", depth);
            case "method" -> q(pick(r, new String[] {"GET", "POST", "get", "TRACE", "CONNECT", "", "G\u0000ET", "PATCH", "DELETE", "HEAD"}));
            case "path", "url" -> q(pick(r, new String[] {"/", "/items", "/a/b?c=d", "", "items", "/" + randomChars(r, 10),
                "/%2e%2e", "http://127.0.0.1:1/x", "/" + "a".repeat(3000), "/\u00e9", "/a b"}));
            case "connectionKey", "key" -> q(pick(r, new String[] {known.connectionKey(), "", " ", "x".repeat(300), "a/b",
                randomChars(r, 12), "..", "conn_" + "0".repeat(26)}));
            case "connectionId" -> q(pick(r, new String[] {known.connectionId(), "", "conn_", "conn_" + "z".repeat(26), randomChars(r, 30)}));
            case "integrationKey", "connectorKey", "connectorId" -> q(pick(r, new String[] {known.integrationKey(), "github", "zendesk", "",
                "x".repeat(200), randomChars(r, 10), "custom-http"}));
            case "integrationId" -> q(pick(r, new String[] {known.integrationId(), "", "int_" + "0".repeat(26)}));
            case "id" -> q(pick(r, new String[] {"github-get-user", "", "act_" + "0".repeat(26), randomChars(r, 20)}));
            case "code" -> q(pick(r, new String[] {"module.exports = () => 1", "", " ", "}{", "module.exports = ({input}) => input",
                randomChars(r, 40), "module.exports = async ({ api }) => api.get('/items')"}));
            case "baseUrl", "tokenUrl", "authorizeUrl" -> q(pick(r, new String[] {"", "not a url", "http://", "https://{{connection.x}}.example.com",
                "ftp://x", randomChars(r, 20), known.upstreamBase() + "/fuzz-" + r.nextInt(5)}));
            case "type" -> q(pick(r, new String[] {"api-key", "bearer", "basic", "custom-headers", "oauth2-authorization-code",
                "oauth2-client-credentials", "none", "", randomChars(r, 5)}));
            case "in" -> q(pick(r, new String[] {"header", "query", "cookie", ""}));
            case "version", "connectTimeoutMs", "readTimeoutMs" -> pick(r, RAW_NUMBERS);
            case "isDefault", "isTenantDefault", "pkce", "refreshable" -> pick(r, new String[] {"true", "false", "\"true\"", "1", "null"});
            case "credentials", "fields", "input", "connectorParameters", "parameters", "query", "headers" -> {
                StringBuilder b = new StringBuilder("{");
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    b.append(i == 0 ? "" : ",").append(q(pick(r, new String[] {"apiKey", "token", "username", "password", "accessToken",
                        "expiresIn", "X-Api-Key", "Host", "Authorization", "Content-Length", "", randomChars(r, 6)})))
                        .append(':').append(r.nextBoolean() ? q(randomChars(r, 1 + r.nextInt(30))) : randomJson(r, depth, 2));
                }
                yield b.append('}').toString();
            }
            default -> randomJson(r, depth, 3);
        };
    }

    String randomJson(Random r, int depth, int maxDepth) {
        int t = r.nextInt(depth >= maxDepth ? 6 : 8);
        return switch (t) {
            case 0 -> "null";
            case 1 -> r.nextBoolean() ? "true" : "false";
            case 2 -> pick(r, RAW_NUMBERS);
            case 3 -> Integer.toString(r.nextInt());
            case 4, 5 -> q(randomChars(r, r.nextInt(40)));
            case 6 -> {
                StringBuilder b = new StringBuilder("[");
                int n = r.nextInt(5);
                for (int i = 0; i < n; i++) {
                    b.append(i == 0 ? "" : ",").append(randomJson(r, depth + 1, maxDepth));
                }
                yield b.append(']').toString();
            }
            default -> {
                StringBuilder b = new StringBuilder("{");
                int n = r.nextInt(5);
                for (int i = 0; i < n; i++) {
                    b.append(i == 0 ? "" : ",").append(q(randomChars(r, r.nextInt(12)))).append(':').append(randomJson(r, depth + 1, maxDepth));
                }
                yield b.append('}').toString();
            }
        };
    }

    // ------------------------------------------------------------------ paths, queries, headers

    /** A path segment valid in a request line: unreserved characters as they are, anything else percent-encoded. */
    String randomSegment(Random r) {
        int k = r.nextInt(12);
        String raw = switch (k) {
            case 0 -> "..";
            case 1 -> ".";
            case 2 -> "x".repeat(200 + r.nextInt(3000));
            case 3 -> "conn_" + randomChars(r, 26);
            case 4 -> "%00";
            case 5 -> randomChars(r, 1 + r.nextInt(30));
            default -> randomAlnum(r, 1 + r.nextInt(24));
        };
        if (k == 4) {
            return raw;
        }
        return encode(raw, r.nextInt(4) == 0);
    }

    String randomQuery(Random r) {
        StringBuilder b = new StringBuilder();
        int n = 1 + r.nextInt(4);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                b.append(r.nextInt(10) == 0 ? "&&" : "&");
            }
            b.append(encode(r.nextInt(4) == 0 ? randomChars(r, 6) : pick(r, QUERY_KEYS), false));
            if (r.nextInt(8) > 0) {
                b.append('=');
                String v = switch (r.nextInt(8)) {
                    case 0 -> pick(r, RAW_NUMBERS);
                    case 1 -> "-" + r.nextInt(100);
                    case 2 -> Integer.toString(Integer.MAX_VALUE - r.nextInt(3));
                    case 3 -> "true";
                    case 4 -> java.util.Base64.getEncoder().encodeToString(randomChars(r, 40).getBytes(StandardCharsets.UTF_8));
                    case 5 -> "x".repeat(r.nextInt(5000));
                    default -> randomChars(r, r.nextInt(30));
                };
                b.append(encode(v, false));
            }
        }
        return b.toString();
    }

    RawHttp.Request randomHeaders(Random r, RawHttp.Request req) {
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
            req = switch (r.nextInt(9)) {
                case 0 -> req.header("Accept", pick(r, ACCEPTS));
                case 1 -> req.header("Idempotency-Key", r.nextBoolean() ? randomAlnum(r, r.nextInt(300)) : "k-" + r.nextInt(5));
                case 2 -> req.header("Origin", pick(r, new String[] {"https://evil.example", "null", "http://127.0.0.1", randomAlnum(r, 10)}));
                case 3 -> req.header("Cookie", "session=" + randomAlnum(r, 20) + "; a=b");
                case 4 -> req.header("Content-Encoding", pick(r, new String[] {"gzip", "deflate", "br", "identity", "x"}));
                case 5 -> req.header("X-Forwarded-For", "127.0.0.1, 10.0.0." + r.nextInt(255));
                case 6 -> req.header("X-Note", "h\u00e9llo w\u00f6rld " + randomAlnum(r, 5));
                case 7 -> req.header("Accept-Encoding", "gzip, br");
                default -> req.header("X-" + randomAlnum(r, 8), randomAlnum(r, r.nextInt(2000)));
            };
        }
        return req;
    }

    // ------------------------------------------------------------------ helpers

    static String encode(String s, boolean encodeEverything) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            boolean plain = !encodeEverything && (Character.isLetterOrDigit(c) && c < 128 || "-._~!$'()*,;:@".indexOf(c) >= 0);
            if (plain) {
                b.append((char) c);
            } else {
                b.append('%').append(String.format("%02X", c));
            }
        }
        return b.toString();
    }

    static String randomAlnum(Random r, int n) {
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    /** Any characters: ASCII, punctuation, controls, non-ASCII, astral, look-alikes, lone surrogates. */
    static String randomChars(Random r, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            switch (r.nextInt(10)) {
                case 0 -> b.append((char) r.nextInt(0x20));
                case 1 -> b.append("\"\\/'<>{}[]%&?#=+;:@ \t".charAt(r.nextInt(21)));
                case 2 -> b.append((char) (0x80 + r.nextInt(0x700)));
                case 3 -> b.appendCodePoint(0x1F600 + r.nextInt(80));
                case 4 -> b.append(pick(r, new String[] {"\uff0e", "\u3002", "\u2215", "\u200b", "\u202e", "\ufeff", "\u0000", "\ud800",
                    "\udfff", "\u2028"}));
                default -> b.append((char) ('a' + r.nextInt(26)));
            }
        }
        return b.toString();
    }

    static String q(String s) {
        try {
            return Suite.JSON.writeValueAsString(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static <T> T pick(Random r, T[] options) {
        return options[r.nextInt(options.length)];
    }

    static int pick(Random r, int[] options) {
        return options[r.nextInt(options.length)];
    }
}
