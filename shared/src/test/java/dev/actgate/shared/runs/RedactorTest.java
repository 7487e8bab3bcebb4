package dev.actgate.shared.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RedactorTest {
    private static final String TOKEN = "ghp_S3cretT0kenValue123";
    private static final String PASSWORD = "p@ss w/rd\"+é!";
    private static final String API_KEY = "ak-9f8e7d6c5b4a";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Redactor redactor = new Redactor(List.of(TOKEN, PASSWORD, API_KEY), List.of("X-Acme-Key"));

    private static void assertNoSecret(String s) {
        for (String secret : List.of(TOKEN, PASSWORD, API_KEY)) {
            assertFalse(s.contains(secret), () -> "raw secret left in " + s);
            assertFalse(s.contains(URLEncoder.encode(secret, StandardCharsets.UTF_8)), () -> "encoded secret in " + s);
            for (Base64.Encoder enc : List.of(Base64.getEncoder(), Base64.getUrlEncoder())) {
                String b64 = enc.withoutPadding().encodeToString(secret.getBytes(StandardCharsets.UTF_8));
                assertFalse(s.contains(b64.substring(0, b64.length() - 2)), () -> "base64 secret in " + s);
            }
        }
    }

    // ---- headers -----------------------------------------------------------------------------------------------

    @Test
    void sensitiveHeadersAreRedactedWhateverTheirCase() {
        Map<String, List<String>> in = new LinkedHashMap<>();
        in.put("AUTHORIZATION", List.of("Bearer " + TOKEN));
        in.put("Cookie", List.of("session=abc; theme=dark"));
        in.put("set-cookie", List.of("a=1", "b=2"));
        in.put("x-acme-key", List.of("anything"));
        in.put("X-Goog-Api-Key", List.of("AIzaUnknownKeyValue"));
        in.put("X-Shopify-Access-Token", List.of("shpat_unknown"));
        in.put("Private-Token", List.of("glpat-unknown"));
        in.put("X-Echo", List.of("echoing " + TOKEN + " back"));
        in.put("Content-Type", List.of("application/json"));
        in.put("Idempotency-Key", List.of("idem-123"));
        in.put(null, List.of("HTTP/1.1 200 OK"));
        in.put("X-Empty", null);

        Map<String, List<String>> out = redactor.headers(in);
        assertEquals(List.of("[REDACTED]"), out.get("AUTHORIZATION"));
        assertEquals(List.of("[REDACTED]"), out.get("Cookie"));
        assertEquals(List.of("[REDACTED]", "[REDACTED]"), out.get("set-cookie"));
        assertEquals(List.of("[REDACTED]"), out.get("x-acme-key"));
        assertEquals(List.of("[REDACTED]"), out.get("X-Goog-Api-Key"));
        assertEquals(List.of("[REDACTED]"), out.get("X-Shopify-Access-Token"));
        assertEquals(List.of("[REDACTED]"), out.get("Private-Token"));
        assertEquals(List.of("echoing [REDACTED] back"), out.get("X-Echo"));
        assertEquals(List.of("application/json"), out.get("Content-Type"));
        assertEquals(List.of("idem-123"), out.get("Idempotency-Key"));
        assertEquals(List.of("HTTP/1.1 200 OK"), out.get(null));
        assertTrue(out.containsKey("X-Empty"));
        assertEquals(new ArrayList<>(in.keySet()), new ArrayList<>(out.keySet()), "order and names are kept");
        assertEquals(List.of("Bearer " + TOKEN), in.get("AUTHORIZATION"), "input is not modified");
    }

    @Test
    void basicAuthIsRedactedAtEveryByteAlignment() {
        Redactor r = new Redactor(List.of(PASSWORD), List.of());
        for (String user : List.of("", "u", "us", "use", "user", "alice@example.com")) {
            String credentials = user + ":" + PASSWORD;
            for (Base64.Encoder enc : List.of(Base64.getEncoder(), Base64.getUrlEncoder(),
                Base64.getEncoder().withoutPadding())) {
                String header = "Basic " + enc.encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
                assertEquals("Basic [REDACTED]", r.text(header), credentials);
                Map<String, List<String>> out = r.headers(Map.of("X-Forwarded-Basic", List.of(header)));
                assertEquals(List.of("Basic [REDACTED]"), out.get("X-Forwarded-Basic"));
            }
        }
    }

    // ---- text --------------------------------------------------------------------------------------------------

    @Test
    void textBodyLosesEveryForm() {
        String body = "token=" + TOKEN + "\nagain:" + TOKEN + TOKEN
            + "\nform: " + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8)
            + "\npct20: " + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8).replace("+", "%20")
            + "\nlower: " + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8).toLowerCase()
            + "\njson: {\"p\":\"p@ss w\\/rd\\\"+\\u00e9!\"}"
            + "\njson2: {\"p\":\"p@ss w/rd\\\"+é!\"}"
            + "\nb64: " + Base64.getEncoder().encodeToString(("x" + API_KEY + "y").getBytes(StandardCharsets.UTF_8))
            + "\nplain words stay";
        String out = redactor.text(body);
        assertNoSecret(out);
        assertTrue(out.startsWith("token=[REDACTED]\nagain:[REDACTED]\nform: [REDACTED]\npct20: [REDACTED]"), out);
        assertTrue(out.contains("json: {\"p\":\"[REDACTED]\"}"), out);
        assertTrue(out.contains("json2: {\"p\":\"[REDACTED]\"}"), out);
        assertTrue(out.contains("b64: [REDACTED]\n"), out);
        assertTrue(out.endsWith("\nplain words stay"), out);
    }

    @Test
    void innocuousTextIsReturnedUntouched() {
        String s = "Hello, world! {\"a\": [1, 2, 3]} dXNlcjpub3RzZWNyZXQ= ghp_other p@ss";
        assertSame(s, redactor.text(s));
        assertSame(s, Redactor.none().text(s));
    }

    @Test
    void longestAndOverlappingSecretsLeaveNothingBehind() {
        Redactor r = new Redactor(List.of("token", "token-extended", "abcdef", "cdefgh"), null);
        assertEquals("x [REDACTED] y", r.text("x token-extended y"));
        assertEquals("x [REDACTED] y", r.text("x abcdefgh y"));
        assertEquals("[REDACTED]/[REDACTED]", r.text("token/token"));
    }

    @Test
    void shortBlankAndNullSecretsAreIgnored() {
        Redactor r = new Redactor(Arrays.asList("abc", "    ", "", null, "abcd"), Arrays.asList(null, " "));
        assertEquals("abc [REDACTED]     x", r.text("abc abcd     x"));
        assertEquals("abc", new Redactor(null, null).text("abc"));
    }

    @Test
    void oddInputNeverThrows() {
        Redactor r = new Redactor(List.of("se\ud800cret", "\udc00\udc00\udc00\udc00", TOKEN), null);
        assertNull(r.text(null));
        assertEquals("", r.text(""));
        assertEquals("x [REDACTED] y", r.text("x se\ud800cret y"));
        assertEquals("\ud800[REDACTED]", r.text("\ud800" + TOKEN));
        assertEquals("[REDACTED]", r.text("\udc00\udc00\udc00\udc00"));
        assertNull(r.headers(null));
        assertNull(r.url(null));
        assertNull(r.form(null));
        assertNull(r.json(null));
        assertEquals("%zz%&=&&==", r.form("%zz%&=&&=="));
        assertEquals("http://[::1", r.url("http://[::1"));
        assertEquals("?#", r.url("?#"));
    }

    @Test
    void hugeStringsAreFast() {
        List<String> secrets = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            secrets.add("secret-value-" + i + "-" + "x".repeat(i));
        }
        Redactor r = new Redactor(secrets, null);
        StringBuilder sb = new StringBuilder();
        while (sb.length() < 8_000_000) {
            sb.append("secret-value-aaaaaaaaaaaaaaaa secret-value-42-").append("x".repeat(42)).append(' ');
        }
        String big = sb.toString();
        String out = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> r.text(big));
        assertFalse(out.contains("secret-value-42-x"));
        assertTrue(out.contains("secret-value-aaaaaaaaaaaaaaaa [REDACTED] "));
        String adversarial = "a".repeat(5_000_000);
        Redactor r2 = new Redactor(List.of("a".repeat(3000) + "b"), null);
        assertSame(adversarial, assertTimeoutPreemptively(Duration.ofSeconds(10), () -> r2.text(adversarial)));
    }

    // ---- URLs and forms ----------------------------------------------------------------------------------------

    @Test
    void urlQueryParametersAreRedactedByNameAndValue() {
        String url = "https://api.example.com/v1/users/" + TOKEN + "/x?access_token=unknownA&page=2"
            + "&API-KEY=unknownB&code=oauthcode&state=xyz&client%5Fsecret=unknownC&sig=abc&q=" + API_KEY
            + "&nextPageToken=cursor1&empty&#frag";
        String out = redactor.url(url);
        assertEquals("https://api.example.com/v1/users/[REDACTED]/x?access_token=[REDACTED]&page=2"
            + "&API-KEY=[REDACTED]&code=[REDACTED]&state=xyz&client%5Fsecret=[REDACTED]&sig=[REDACTED]"
            + "&q=[REDACTED]&nextPageToken=cursor1&empty&#frag", out);
    }

    @Test
    void urlFragmentTokensAndUserInfoPasswordsAreRedacted() {
        assertEquals("https://app.example.com/cb#access_token=[REDACTED]&token_type=bearer",
            Redactor.none().url("https://app.example.com/cb#access_token=abc&token_type=bearer"));
        assertEquals("https://bob:[REDACTED]@db.example.com:5432/x?key=[REDACTED]",
            Redactor.none().url("https://bob:hunter2@db.example.com:5432/x?key=AIza123"));
        assertEquals("https://bob@example.com/x", Redactor.none().url("https://bob@example.com/x"));
        String innocuous = "https://api.example.com/v1/search?q=hello%20world&page=2#top";
        assertEquals(innocuous, redactor.url(innocuous));
    }

    @Test
    void urlEncodedFormBodyLosesSecrets() {
        String body = "grant_type=password&username=bob&password=" + URLEncoder.encode("other pass", StandardCharsets.UTF_8)
            + "&client_id=app&note=" + URLEncoder.encode("my " + PASSWORD, StandardCharsets.UTF_8)
            + "&refresh_token=rt&code=c0de&scope=read+write";
        String out = redactor.form(body);
        assertEquals("grant_type=password&username=bob&password=[REDACTED]&client_id=app&note=my+[REDACTED]"
            + "&refresh_token=[REDACTED]&code=[REDACTED]&scope=read+write", out);
        assertNoSecret(out);
    }

    // ---- JSON --------------------------------------------------------------------------------------------------

    @Test
    void jsonSecretsAreRedactedEverywhere() throws Exception {
        String body = """
            {
              "data": {
                "items": [{"note": "my token is %s", "tags": ["ok", "%s"]}, [["%s"]]],
                "innocuous": "%s",
                "basic": "Basic %s"
              },
              "access_token": "unknownAccessToken",
              "refreshToken": "unknownRefresh",
              "Client-Secret": "unknownClientSecret",
              "credentials": {"user": "bob", "pass": "x"},
              "apiKey": 12345,
              "password": null,
              "has_password": true,
              "webhookSecret": "whsec",
              "nextPageToken": "cursor-abc",
              "token_type": "bearer",
              "key": "PROJ-123",
              "code": "card_declined",
              "error": {"code": 404, "message": "Not found"},
              "created": {"id": 7, "key": "sk_live_51HabcdefGHIJ0123"},
              "count": 5,
              "ratio": 0.5
            }
            """.formatted(TOKEN, API_KEY, PASSWORD.replace("\"", "\\\""), TOKEN,
            Base64.getEncoder().encodeToString(("bob:" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
        JsonNode in = MAPPER.readTree(body);
        String before = in.toString();
        JsonNode out = redactor.json(in);

        assertEquals(before, in.toString(), "input is not modified");
        assertNoSecret(out.toString());
        assertEquals("my token is [REDACTED]", out.at("/data/items/0/note").asText());
        assertEquals("ok", out.at("/data/items/0/tags/0").asText());
        assertEquals("[REDACTED]", out.at("/data/items/0/tags/1").asText());
        assertEquals("[REDACTED]", out.at("/data/items/1/0/0").asText());
        assertEquals("[REDACTED]", out.at("/data/innocuous").asText());
        assertEquals("Basic [REDACTED]", out.at("/data/basic").asText());
        for (String key : List.of("access_token", "refreshToken", "Client-Secret", "credentials", "apiKey",
            "webhookSecret")) {
            assertEquals("[REDACTED]", out.get(key).asText(), key);
        }
        assertTrue(out.get("password").isNull());
        assertTrue(out.get("has_password").booleanValue());
        assertEquals("cursor-abc", out.get("nextPageToken").asText());
        assertEquals("bearer", out.get("token_type").asText());
        assertEquals("PROJ-123", out.get("key").asText());
        assertEquals("card_declined", out.get("code").asText());
        assertEquals(404, out.at("/error/code").intValue());
        assertEquals("Not found", out.at("/error/message").asText());
        assertEquals("[REDACTED]", out.at("/created/key").asText());
        assertEquals(7, out.at("/created/id").intValue());
        assertEquals(5, out.get("count").intValue());
        assertEquals(0.5, out.get("ratio").doubleValue());
    }

    @Test
    void jsonCopyIsDeepAndInnocuousJsonIsEqual() throws Exception {
        JsonNode in = MAPPER.readTree("{\"a\":[1,{\"b\":\"c\"}],\"d\":{\"e\":null,\"f\":false}}");
        JsonNode out = Redactor.none().json(in);
        assertEquals(in, out);
        ((ObjectNode) out.at("/a/1")).put("b", "changed");
        ((ArrayNode) out.get("a")).add(2);
        assertEquals("c", in.at("/a/1/b").asText());
        assertEquals(2, in.get("a").size());
    }

    @Test
    void jsonNumbersAndKeysHoldingSecretsAreRedacted() {
        Redactor r = new Redactor(List.of("987654321"), null);
        ObjectNode in = JsonNodeFactory.instance.objectNode();
        in.put("pin", 987654321L);
        in.put("987654321", "value");
        in.put("other", 12);
        JsonNode out = r.json(in);
        assertEquals("[REDACTED]", out.get("pin").asText());
        assertEquals("value", out.get("[REDACTED]").asText());
        assertEquals(12, out.get("other").intValue());
    }

    @Test
    void veryDeepJsonDoesNotOverflow() {
        ArrayNode root = JsonNodeFactory.instance.arrayNode();
        ArrayNode cur = root;
        for (int i = 0; i < 50_000; i++) {
            cur = cur.addArray();
        }
        cur.add(TOKEN);
        JsonNode out = redactor.json(root);
        JsonNode at = out;
        int depth = 0;
        while (at.isArray()) {
            at = at.get(0);
            depth++;
        }
        assertEquals("[REDACTED]", at.asText());
        assertTrue(depth <= Redactor.MAX_JSON_DEPTH + 2, "depth " + depth);
    }

    @ParameterizedTest
    @ValueSource(strings = {"token", "access_token", "ACCESS-TOKEN", "api_key", "apiKey", "x-api-key", "secret",
        "client_secret", "password", "Passwd", "refresh_token", "id_token", "signature", "sig", "authorization",
        "credentials", "private_key", "privateKey", "github_token", "db_password"})
    void sensitiveNamesAreRecognised(String name) {
        ObjectNode in = JsonNodeFactory.instance.objectNode().put(name, "v");
        assertEquals("[REDACTED]", Redactor.none().json(in).get(name).asText(), name);
        assertEquals("?" + name + "=[REDACTED]", Redactor.none().url("?" + name + "=v"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"id", "name", "token_type", "expires_in", "nextPageToken", "page_token", "tokens_used",
        "keys", "secretary", "passwordless", "description"})
    void innocuousNamesAreKept(String name) {
        ObjectNode in = JsonNodeFactory.instance.objectNode().put(name, "v");
        assertEquals("v", Redactor.none().json(in).get(name).asText(), name);
        assertEquals("?" + name + "=v", Redactor.none().url("?" + name + "=v"));
    }
}
