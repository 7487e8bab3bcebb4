package dev.actgate.shared.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Removes credentials from everything written to run logs: by value (the connection's own secrets, also when
 * URL-encoded, base64-encoded or JSON-escaped) and by name (headers, query parameters and JSON keys that hold
 * credentials the gateway does not know about, such as tokens an API returns). Immutable and thread-safe; build one
 * per run. Never throws on odd input. See docs/ssrf-and-redaction.md.
 */
public final class Redactor {
    public static final String REDACTED = "[REDACTED]";
    /** Shorter secrets would redact ordinary text all over the log, so they are ignored (see the docs for why). */
    public static final int MIN_SECRET_LENGTH = 4;
    /** JSON deeper than this is not walked further: the whole subtree is redacted (fail closed, no stack overflow). */
    static final int MAX_JSON_DEPTH = 1000;

    private static final Set<String> SENSITIVE_HEADERS = Set.of(
        "authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "api-key", "apikey",
        "x-auth-token", "x-access-token", "private-token", "x-csrf-token");
    // Header names are also matched by these fragments (after dropping '-' and '_'): X-Goog-Api-Key, X-Shopify-Access-Token...
    private static final List<String> SENSITIVE_HEADER_FRAGMENTS = List.of(
        "token", "secret", "password", "passwd", "apikey", "credential", "cookie");

    // Parameter and JSON key names, compared lower-case without '-' and '_'.
    private static final Set<String> SENSITIVE_NAMES = Set.of(
        "token", "accesstoken", "refreshtoken", "idtoken", "apikey", "secret", "clientsecret", "password", "passwd",
        "pwd", "signature", "sig", "authorization", "credentials", "credential", "privatekey", "cookie", "setcookie",
        "sessionid");
    private static final List<String> SENSITIVE_SUFFIXES = List.of(
        "token", "secret", "password", "passwd", "apikey", "privatekey", "credential", "credentials", "signature",
        "authorization");
    // Pagination and sync cursors end in "token" but are not credentials, and they matter when debugging a run.
    private static final List<String> CURSOR_SUFFIXES = List.of("pagetoken", "nexttoken", "synctoken");
    // Credentials in URLs and forms, but in JSON mostly innocent (Jira "key": "PROJ-1", Stripe "code": "card_declined").
    private static final Set<String> AMBIGUOUS_NAMES = Set.of("key", "code");

    private static final Redactor NONE = new Redactor(null, null);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Set<String> extraHeaders;
    private final Automaton automaton; // null when there is no secret value to look for

    public Redactor(Collection<String> secretValues, Collection<String> extraSensitiveHeaderNames) {
        Set<String> headers = new HashSet<>();
        if (extraSensitiveHeaderNames != null) {
            for (String h : extraSensitiveHeaderNames) {
                if (h != null && !h.isBlank()) {
                    headers.add(h.trim().toLowerCase(Locale.ROOT));
                }
            }
        }
        this.extraHeaders = Set.copyOf(headers);

        Set<String> exact = new LinkedHashSet<>();
        Set<String> base64 = new LinkedHashSet<>();
        if (secretValues != null) {
            for (String secret : secretValues) {
                if (secret != null && secret.length() >= MIN_SECRET_LENGTH && !secret.isBlank()) {
                    addVariants(secret, exact, base64);
                }
            }
        }
        this.automaton = exact.isEmpty() ? null : new Automaton(exact, base64);
    }

    /** A redactor with no secret values: name-based redaction only. */
    public static Redactor none() {
        return NONE;
    }

    /** A copy of {@code headers}: sensitive ones become {@value #REDACTED}, the rest go through {@link #text}. */
    public Map<String, List<String>> headers(Map<String, List<String>> headers) {
        if (headers == null) {
            return null;
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            boolean sensitive = isSensitiveHeader(e.getKey());
            List<String> values = null;
            if (e.getValue() != null) {
                values = new ArrayList<>(e.getValue().size());
                for (String v : e.getValue()) {
                    values.add(v == null ? null : sensitive ? REDACTED : text(v));
                }
            }
            out.put(e.getKey(), values);
        }
        return out;
    }

    /**
     * Replaces every secret value with {@value #REDACTED}: raw, URL-encoded, JSON-escaped, and base64 at any byte
     * alignment (the whole base64 token is replaced, so {@code Basic dXNlcjpwYXNz} loses the user name as well).
     * Returns {@code s} itself when nothing matched.
     */
    public String text(String s) {
        if (s == null || s.isEmpty() || automaton == null) {
            return s;
        }
        return automaton.redact(s);
    }

    /** {@link #text} plus: sensitive query and fragment parameters, and the password of {@code user:password@}. */
    public String url(String url) {
        if (url == null || url.isEmpty()) {
            return url;
        }
        String u = redactUserInfo(url);
        int hash = u.indexOf('#');
        int q = u.indexOf('?');
        if (q > hash && hash >= 0) {
            q = -1;
        }
        StringBuilder sb = new StringBuilder(u.length() + 16);
        int pathEnd = q >= 0 ? q : hash >= 0 ? hash : u.length();
        sb.append(u, 0, pathEnd);
        if (q >= 0) {
            sb.append('?').append(redactParams(u.substring(q + 1, hash >= 0 ? hash : u.length())));
        }
        if (hash >= 0) {
            // OAuth implicit flows put tokens in the fragment: #access_token=...
            String fragment = u.substring(hash + 1);
            sb.append('#').append(fragment.indexOf('=') >= 0 ? redactParams(fragment) : fragment);
        }
        return text(sb.toString());
    }

    /** An {@code application/x-www-form-urlencoded} body: sensitive parameters by name, then {@link #text}. */
    public String form(String body) {
        if (body == null || body.isEmpty()) {
            return body;
        }
        return text(redactParams(body));
    }

    /**
     * A redacted deep copy: values under sensitive keys become {@value #REDACTED} (nulls and booleans are kept, they
     * reveal nothing), "key" and "code" only when the value looks like a credential, and every string, number and
     * key passes through {@link #text}.
     */
    public JsonNode json(JsonNode node) {
        if (node == null) {
            return null;
        }
        return copy(node, 0);
    }

    /**
     * A stored request or response body, by its content type (or its shape when it has none): a JSON document gets
     * {@link #json} (sensitive keys), a form gets {@link #form} (sensitive fields), any other text gets
     * {@link #freeText}. Name rules first, then the secret values, as everywhere else.
     */
    public String body(String text, String contentType) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String ct = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        String trimmed = text.stripLeading();
        if (ct.contains("json") || trimmed.startsWith("{") || trimmed.startsWith("[")) {
            try {
                JsonNode node = BODY_JSON.readTree(text);
                if (node != null && (node.isContainerNode() || ct.contains("json"))) {
                    return BODY_JSON.writeValueAsString(json(node));
                }
            } catch (java.io.IOException | RuntimeException e) {
                // not JSON after all: free text
            }
        }
        if (ct.startsWith("application/x-www-form-urlencoded") || (ct.isEmpty() && FORM_SHAPE.matcher(text).matches())) {
            return form(text);
        }
        return freeText(text);
    }

    /**
     * Text of unknown shape (a text body, a {@code console} line of a code run): a whole JSON document is walked as
     * JSON; otherwise {@code name=value}, {@code name: value} and {@code "name": "value"} pairs with a sensitive name,
     * and {@code Bearer}/{@code Basic} credentials, lose their value. Then {@link #text}.
     */
    public String freeText(String s) {
        if (s == null || s.isEmpty()) {
            return s;
        }
        String trimmed = s.strip();
        if ((trimmed.startsWith("{") && trimmed.endsWith("}")) || (trimmed.startsWith("[") && trimmed.endsWith("]"))) {
            try {
                JsonNode node = BODY_JSON.readTree(trimmed);
                if (node != null && node.isContainerNode()) {
                    return BODY_JSON.writeValueAsString(json(node));
                }
            } catch (java.io.IOException | RuntimeException e) {
                // not a JSON document: pairs below
            }
        }
        s = AUTH_SCHEME.matcher(s).replaceAll("$1 " + java.util.regex.Matcher.quoteReplacement(REDACTED));
        java.util.regex.Matcher m = NAMED_PAIR.matcher(s);
        StringBuilder sb = new StringBuilder(s.length());
        int last = 0;
        while (m.find()) {
            Sensitivity sens = nameSensitivity(m.group(2));
            String value = m.group(5);
            if (sens == Sensitivity.YES || (sens == Sensitivity.AMBIGUOUS && looksLikeCredential(value))) {
                sb.append(s, last, m.start(5)).append(REDACTED);
                last = m.end(5);
            }
        }
        sb.append(s, last, s.length());
        return text(sb.toString());
    }

    private static boolean mayHoldNamedPairs(String v) {
        return v.length() > 3 && (v.indexOf('=') > 0 || v.indexOf(':') > 0 || v.regionMatches(true, 0, "bearer ", 0, 7)
            || v.regionMatches(true, 0, "basic ", 0, 6) || v.contains(" Bearer ") || v.contains(" Basic "));
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper BODY_JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    private static final java.util.regex.Pattern FORM_SHAPE =
        java.util.regex.Pattern.compile("[A-Za-z0-9_.\\[\\]%~+-]+=[^&\\s]*(&[A-Za-z0-9_.\\[\\]%~+-]+=[^&\\s]*)*");
    /** {@code name<sep>value} with an optional quote around each: name is group 2, the value group 5. */
    private static final java.util.regex.Pattern NAMED_PAIR = java.util.regex.Pattern.compile(
        "([\"']?)([A-Za-z][A-Za-z0-9_-]{1,63})\\1(\\s*[:=]\\s*)([\"']?)([^\"'\\s,&;}\\]]+)");
    private static final java.util.regex.Pattern AUTH_SCHEME =
        java.util.regex.Pattern.compile("(?i)\\b(bearer|basic)\\s+(?!\\[REDACTED\\])[A-Za-z0-9._~+/=-]{8,}");

    // ---- names -------------------------------------------------------------------------------------------------

    private boolean isSensitiveHeader(String name) {
        if (name == null) {
            return false;
        }
        String lower = name.trim().toLowerCase(Locale.ROOT);
        if (SENSITIVE_HEADERS.contains(lower) || extraHeaders.contains(lower)) {
            return true;
        }
        String n = normalize(lower);
        for (String fragment : SENSITIVE_HEADER_FRAGMENTS) {
            if (n.contains(fragment)) {
                return true;
            }
        }
        return false;
    }

    private enum Sensitivity { NO, AMBIGUOUS, YES }

    private static Sensitivity nameSensitivity(String name) {
        if (name == null) {
            return Sensitivity.NO;
        }
        String n = normalize(name.trim().toLowerCase(Locale.ROOT));
        if (SENSITIVE_NAMES.contains(n)) {
            return Sensitivity.YES;
        }
        if (AMBIGUOUS_NAMES.contains(n)) {
            return Sensitivity.AMBIGUOUS;
        }
        for (String cursor : CURSOR_SUFFIXES) {
            if (n.endsWith(cursor)) {
                return Sensitivity.NO;
            }
        }
        for (String suffix : SENSITIVE_SUFFIXES) {
            if (n.endsWith(suffix)) {
                return Sensitivity.YES;
            }
        }
        return Sensitivity.NO;
    }

    private static String normalize(String lower) {
        StringBuilder sb = new StringBuilder(lower.length());
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            if (c != '-' && c != '_') {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** A value under "key" or "code" is redacted only if it looks like a credential: long, no spaces, letters and digits. */
    private static boolean looksLikeCredential(String v) {
        if (v.length() < 16) {
            return false;
        }
        boolean letter = false;
        boolean digit = false;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (Character.isWhitespace(c)) {
                return false;
            }
            letter |= Character.isLetter(c);
            digit |= Character.isDigit(c);
        }
        return letter && digit;
    }

    // ---- URLs and forms ----------------------------------------------------------------------------------------

    /** Redacts values of sensitive parameters in {@code a=1&b=2}; names are compared after percent-decoding. */
    private static String redactParams(String params) {
        StringBuilder sb = new StringBuilder(params.length());
        int start = 0;
        while (start <= params.length()) {
            int amp = params.indexOf('&', start);
            int end = amp < 0 ? params.length() : amp;
            String pair = params.substring(start, end);
            int eq = pair.indexOf('=');
            if (eq > 0 && nameSensitivity(formDecode(pair.substring(0, eq))) != Sensitivity.NO) {
                sb.append(pair, 0, eq + 1).append(REDACTED);
            } else {
                sb.append(pair);
            }
            if (amp < 0) {
                break;
            }
            sb.append('&');
            start = amp + 1;
        }
        return sb.toString();
    }

    private static String redactUserInfo(String url) {
        int scheme = url.indexOf("://");
        if (scheme < 0) {
            return url;
        }
        int authStart = scheme + 3;
        int authEnd = authStart;
        while (authEnd < url.length() && "/?#".indexOf(url.charAt(authEnd)) < 0) {
            authEnd++;
        }
        int at = url.lastIndexOf('@', authEnd - 1);
        if (at < authStart) {
            return url;
        }
        int colon = url.indexOf(':', authStart);
        if (colon < 0 || colon > at) {
            return url;
        }
        return url.substring(0, colon + 1) + REDACTED + url.substring(at);
    }

    /** Lenient form decoding ('+' is a space, bad escapes stay as they are); never throws. */
    private static String formDecode(String s) {
        if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
            return s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int hi;
            int lo;
            if (c == '%' && i + 2 < s.length() && (hi = Character.digit(s.charAt(i + 1), 16)) >= 0
                && (lo = Character.digit(s.charAt(i + 2), 16)) >= 0) {
                bytes.write(hi << 4 | lo);
                i += 2;
            } else if (c == '+') {
                bytes.write(' ');
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(b, 0, b.length);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    // ---- JSON --------------------------------------------------------------------------------------------------

    private JsonNode copy(JsonNode node, int depth) {
        if (depth > MAX_JSON_DEPTH) {
            return TextNode.valueOf(REDACTED);
        }
        if (node.isObject()) {
            ObjectNode out = NODES.objectNode();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String key = field.getKey();
                JsonNode value = field.getValue();
                Sensitivity s = nameSensitivity(key);
                boolean hide = !value.isNull() && !value.isBoolean() && !value.isMissingNode()
                    && (s == Sensitivity.YES
                        || s == Sensitivity.AMBIGUOUS && value.isTextual() && looksLikeCredential(value.textValue()));
                out.set(text(key), hide ? TextNode.valueOf(REDACTED) : copy(value, depth + 1));
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = NODES.arrayNode(node.size());
            for (JsonNode item : node) {
                out.add(copy(item, depth + 1));
            }
            return out;
        }
        if (node.isTextual()) {
            String v = node.textValue();
            // name rules inside string values too: a form, key=value text or a JSON document held in a string
            String r = depth < 8 && mayHoldNamedPairs(v) ? freeText(v) : text(v);
            return r == v || r.equals(v) ? node : TextNode.valueOf(r);
        }
        if (node.isNumber() || node.isBinary()) {
            // Value nodes are immutable, so sharing them keeps the copy deep; PINs and keys can be numbers.
            String v = node.asText();
            return text(v) == v ? node : TextNode.valueOf(REDACTED);
        }
        if (node.isPojo()) {
            return TextNode.valueOf(text(String.valueOf(node)));
        }
        return node; // null, boolean, missing
    }

    // ---- secret variants ---------------------------------------------------------------------------------------

    private static void addVariants(String secret, Set<String> exact, Set<String> base64) {
        exact.add(secret);
        String form = URLEncoder.encode(secret, StandardCharsets.UTF_8);
        String pct20 = form.replace("+", "%20");
        String strict = percentEncode(secret, "-._~");
        // As a URL path carries it (how a caller's path is written, how apps echo paths and Location headers):
        // sub-delimiters and : @ / stay raw.
        String path = percentEncode(secret, "-._~!$&'()*+,;=:@/");
        for (String v : List.of(form, pct20, strict, path)) {
            exact.add(v);
            exact.add(lowerHexEscapes(v));
        }
        for (boolean slash : new boolean[] {false, true}) {
            for (boolean ascii : new boolean[] {false, true}) {
                exact.add(jsonEscape(secret, slash, ascii, true));
                exact.add(jsonEscape(secret, slash, ascii, false));
            }
        }
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        for (Base64.Encoder encoder : List.of(Base64.getEncoder(), Base64.getUrlEncoder())) {
            for (int shift = 0; shift < 3; shift++) {
                String core = base64Core(encoder, bytes, shift);
                if (core.length() >= MIN_SECRET_LENGTH) {
                    base64.add(core);
                }
            }
        }
    }

    /**
     * The base64 characters that encode only the secret's bits when it starts {@code shift} bytes into a 3-byte
     * group. Whatever surrounds the secret (for example {@code user:} in Basic auth), one of the three cores appears
     * in the encoding.
     */
    private static String base64Core(Base64.Encoder encoder, byte[] secret, int shift) {
        byte[] padded = new byte[shift + secret.length];
        System.arraycopy(secret, 0, padded, shift, secret.length);
        String enc = encoder.withoutPadding().encodeToString(padded);
        int firstBit = 8 * shift;
        int endBit = 8 * (shift + secret.length);
        int from = (firstBit + 5) / 6;
        int to = Math.min(endBit / 6, enc.length());
        return from < to ? enc.substring(from, to) : "";
    }

    /** Percent-encodes every byte except letters, digits and {@code unreserved}. */
    private static String percentEncode(String s, String unreserved) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || unreserved.indexOf(c) >= 0) {
                sb.append(c);
            } else {
                sb.append('%').append(String.format("%02X", b & 0xFF));
            }
        }
        return sb.toString();
    }

    private static String lowerHexEscapes(String s) {
        StringBuilder sb = new StringBuilder(s);
        for (int i = 0; i + 2 < sb.length(); i++) {
            if (sb.charAt(i) == '%') {
                sb.setCharAt(i + 1, Character.toLowerCase(sb.charAt(i + 1)));
                sb.setCharAt(i + 2, Character.toLowerCase(sb.charAt(i + 2)));
            }
        }
        return sb.toString();
    }

    private static String jsonEscape(String s, boolean slash, boolean ascii, boolean upperHex) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '/' -> sb.append(slash ? "\\/" : "/");
                default -> {
                    if (c < 0x20 || ascii && c > 0x7E) {
                        String hex = String.format("%04x", (int) c);
                        sb.append("\\u").append(upperHex ? hex.toUpperCase(Locale.ROOT) : hex);
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    // ---- matching ----------------------------------------------------------------------------------------------

    /**
     * Aho-Corasick over all secret variants: one pass per string whatever the number of secrets. Every match is
     * collected and overlapping ones are merged, so overlapping secrets leave nothing behind and the longest match
     * always wins. Base64 matches grow to the whole base64 token around them.
     */
    private static final class Automaton {
        private final char[][] keys;
        private final int[][] targets;
        private final int[] fail;
        private final int[] exactLen;
        private final int[] base64Len;

        Automaton(Set<String> exact, Set<String> base64) {
            List<TreeMap<Character, Integer>> children = new ArrayList<>();
            List<int[]> own = new ArrayList<>(); // {exact length, base64 length} ending at the node
            children.add(new TreeMap<>());
            own.add(new int[2]);
            for (int kind = 0; kind < 2; kind++) {
                for (String p : kind == 0 ? exact : base64) {
                    int node = 0;
                    for (int i = 0; i < p.length(); i++) {
                        Integer next = children.get(node).get(p.charAt(i));
                        if (next == null) {
                            next = children.size();
                            children.add(new TreeMap<>());
                            own.add(new int[2]);
                            children.get(node).put(p.charAt(i), next);
                        }
                        node = next;
                    }
                    own.get(node)[kind] = p.length();
                }
            }
            int n = children.size();
            keys = new char[n][];
            targets = new int[n][];
            fail = new int[n];
            exactLen = new int[n];
            base64Len = new int[n];
            for (int i = 0; i < n; i++) {
                TreeMap<Character, Integer> c = children.get(i);
                keys[i] = new char[c.size()];
                targets[i] = new int[c.size()];
                int j = 0;
                for (Map.Entry<Character, Integer> e : c.entrySet()) {
                    keys[i][j] = e.getKey();
                    targets[i][j++] = e.getValue();
                }
            }
            // Breadth-first: a node's failure link is shallower, so its outputs are final when we read them.
            ArrayDeque<Integer> queue = new ArrayDeque<>();
            queue.add(0);
            while (!queue.isEmpty()) {
                int u = queue.poll();
                for (int j = 0; j < keys[u].length; j++) {
                    int v = targets[u][j];
                    fail[v] = u == 0 ? 0 : step(fail[u], keys[u][j]);
                    int[] o = own.get(v);
                    exactLen[v] = o[0] > 0 ? o[0] : exactLen[fail[v]];
                    base64Len[v] = o[1] > 0 ? o[1] : base64Len[fail[v]];
                    queue.add(v);
                }
            }
        }

        private int step(int state, char c) {
            while (true) {
                int i = Arrays.binarySearch(keys[state], c);
                if (i >= 0) {
                    return targets[state][i];
                }
                if (state == 0) {
                    return 0;
                }
                state = fail[state];
            }
        }

        String redact(String s) {
            int n = s.length();
            int[] starts = new int[8];
            int[] ends = new int[8];
            int count = 0;
            int runStart = -1;
            int runEnd = -1;
            int state = 0;
            for (int i = 0; i < n; i++) {
                state = step(state, s.charAt(i));
                int from;
                int to;
                if (exactLen[state] == 0 && base64Len[state] == 0) {
                    continue;
                }
                if (base64Len[state] > 0) {
                    int b = i + 1 - base64Len[state];
                    if (b < runStart || i >= runEnd) {
                        runStart = b;
                        while (runStart > 0 && isBase64(s.charAt(runStart - 1))) {
                            runStart--;
                        }
                        runEnd = i + 1;
                        while (runEnd < n && isBase64(s.charAt(runEnd))) {
                            runEnd++;
                        }
                        while (runEnd < n && s.charAt(runEnd) == '=') {
                            runEnd++;
                        }
                    }
                    from = runStart;
                    to = runEnd;
                    if (exactLen[state] > 0) {
                        from = Math.min(from, i + 1 - exactLen[state]);
                    }
                } else {
                    from = i + 1 - exactLen[state];
                    to = i + 1;
                }
                while (count > 0 && ends[count - 1] >= from) {
                    count--;
                    from = Math.min(from, starts[count]);
                    to = Math.max(to, ends[count]);
                }
                if (count == starts.length) {
                    starts = Arrays.copyOf(starts, count * 2);
                    ends = Arrays.copyOf(ends, count * 2);
                }
                starts[count] = from;
                ends[count++] = to;
            }
            if (count == 0) {
                return s;
            }
            StringBuilder sb = new StringBuilder(n);
            int last = 0;
            for (int k = 0; k < count; k++) {
                sb.append(s, last, starts[k]).append(REDACTED);
                last = ends[k];
            }
            return sb.append(s, last, n).toString();
        }

        private static boolean isBase64(char c) {
            return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || c == '+' || c == '/' || c == '-' || c == '_';
        }
    }
}
