package dev.actgate.shared.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.actgate.testing.SamTemplate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The API contract ({@code functions/run-logs/src/main/resources/openapi.yaml}, OpenAPI 3.1) checked against what the
 * handlers really do: every exchange that goes through {@link FunctionHarness} is validated here — an accepted
 * request (2xx) against its operation's request schema, every response against the schema of its status and
 * content type — and a violation fails the test that made the exchange, naming the operation and the schema path.
 *
 * <p>Schemas are JSON Schema 2020-12 (OpenAPI 3.1's dialect), validated by networknt's json-schema-validator, which
 * the engine already uses; the operation lookup (path templates, methods, status codes) is the small part written
 * here. Atlassian's openapi-request-validator 3.x would do both, but it needs networknt 2.x, which clashes with the
 * 1.5 line the engine ships.
 */
public final class OpenApiContract {
    public static final String DOCUMENT = "functions/run-logs/src/main/resources/openapi.yaml";
    private static final String BASE = "https://actgate.invalid/openapi.json";
    static {
        // The document is loaded whole as a schema resource; its OpenAPI keywords (paths, components…) are not
        // JSON Schema keywords, which the validator would otherwise warn about on every test run.
        System.setProperty("org.slf4j.simpleLogger.log.com.networknt.schema.UnknownKeywordFactory", "error");
    }
    private static volatile OpenApiContract instance;
    private static final AtomicInteger VALIDATED = new AtomicInteger();

    private final JsonNode doc;
    private final List<PathTemplate> paths = new ArrayList<>();
    private final JsonSchemaFactory factory;
    private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();

    /** One exchange as the handler saw it. Header names lower-case. */
    public record Exchange(String method, String path, Map<String, String> requestHeaders, String requestBody, int status,
                           Map<String, String> responseHeaders, String responseBody) {
    }

    record PathTemplate(String template, Pattern pattern, int literals) {
    }

    private OpenApiContract(JsonNode doc) {
        this.doc = doc;
        String text = doc.toString();
        this.factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            b -> b.schemaLoaders(l -> l.schemas(Map.of(BASE, text))));
        for (Iterator<String> it = doc.path("paths").fieldNames(); it.hasNext(); ) {
            String t = it.next();
            StringBuilder regex = new StringBuilder("^");
            int literals = 0;
            String[] segments = t.substring(1).split("/", -1);
            for (int i = 0; i < segments.length; i++) {
                String seg = segments[i];
                regex.append('/');
                if (seg.startsWith("{") && seg.endsWith("}")) {
                    // The last parameter of a proxy-style path takes the rest of the path (API Gateway's {path+}).
                    boolean greedy = i == segments.length - 1 && seg.equals("{path}");
                    regex.append(greedy ? ".+" : "[^/]+");
                } else {
                    literals++;
                    regex.append(Pattern.quote(seg));
                }
            }
            regex.append("/?$");
            paths.add(new PathTemplate(t, Pattern.compile(regex.toString()), literals));
        }
    }

    public static OpenApiContract get() {
        if (instance == null) {
            synchronized (OpenApiContract.class) {
                if (instance == null) {
                    instance = new OpenApiContract(load(root().resolve(DOCUMENT)));
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                        if (VALIDATED.get() > 0) {
                            System.out.println("OPENAPI: " + VALIDATED.get() + " exchanges validated against openapi.yaml");
                        }
                    }));
                }
            }
        }
        return instance;
    }

    public static int validatedCount() {
        return VALIDATED.get();
    }

    static Path root() {
        return SamTemplate.locate().getParent();
    }

    static JsonNode load(Path file) {
        try {
            // SnakeYAML (already on every test class path for template.yaml) reads it; Jackson takes it from there.
            Object tree = new org.yaml.snakeyaml.Yaml().load(Files.readString(file));
            return new ObjectMapper().valueToTree(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public JsonNode document() {
        return doc;
    }

    /** {@code METHOD /path/{}} for every operation of the document (parameters as {}; greedy ones as {*}). */
    public Set<String> operations() {
        Set<String> out = new TreeSet<>();
        doc.path("paths").fields().forEachRemaining(p -> p.getValue().fieldNames().forEachRemaining(m -> {
            if (Set.of("get", "post", "put", "patch", "delete", "head", "options").contains(m)) {
                String path = p.getKey().replaceAll("\\{path}$", "{*}").replaceAll("\\{[^}/*]+}", "{}");
                out.add(m.toUpperCase(Locale.ROOT) + " " + path);
            }
        }));
        return out;
    }

    /** Every route of template.yaml, in the same notation, without the catch-all that only exists for 404 bodies. */
    public static Set<String> templateRoutes() {
        return TestStorage.template().functions().stream().flatMap(f -> f.routes().stream())
            .map(r -> TemplateContract.normalize(r.method(), r.path()))
            .filter(r -> !r.equals(TemplateContract.CATCH_ALL)).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Fails (AssertionError) with every way the exchange breaks the contract. */
    public void assertConforms(Exchange x) {
        List<String> problems = check(x);
        if (!problems.isEmpty()) {
            throw new AssertionError("The exchange " + x.method() + " " + x.path() + " → " + x.status()
                + " breaks openapi.yaml:\n  " + String.join("\n  ", problems));
        }
        VALIDATED.incrementAndGet();
    }

    public List<String> check(Exchange x) {
        List<String> problems = new ArrayList<>();
        String method = x.method().toLowerCase(Locale.ROOT);
        PathTemplate path = match(x.path());
        JsonNode operation = path == null ? null : doc.path("paths").path(path.template()).get(method);
        String pointerBase;
        if (operation == null) {
            // Unknown paths and methods are answered by actgate's own 404/405 error; anything else must be in the spec.
            if (x.status() == 404 || x.status() == 405) {
                problems.addAll(validate("#/components/schemas/Error", json(x.responseBody(), problems, "response")));
                return problems;
            }
            problems.add("no operation " + method.toUpperCase(Locale.ROOT) + " for " + x.path()
                + (path == null ? " (no path template matches)" : " (path " + path.template() + " has no " + method + ")"));
            return problems;
        }
        pointerBase = "#/paths/" + escape(path.template()) + "/" + method;
        if (x.status() >= 200 && x.status() < 300 && x.requestBody() != null && !x.requestBody().isEmpty()) {
            String type = mediaType(x.requestHeaders().get("content-type"));
            JsonNode content = operation.path("requestBody").path("content");
            if (operation.has("requestBody") && !content.has(type) && !content.has("*/*")) {
                problems.add("request content type " + type + " is not declared (declared: " + fieldNames(content) + ")");
            } else if ("application/json".equals(type) && content.path(type).has("schema")) {
                JsonNode body = json(x.requestBody(), problems, "request");
                if (body != null) {
                    problems.addAll(prefix("request: ", validate(pointerBase + "/requestBody/content/" + escape(type) + "/schema", body)));
                }
            }
        }
        JsonNode responses = operation.path("responses");
        String status = String.valueOf(x.status());
        JsonNode response = responses.has(status) ? responses.get(status) : responses.get("default");
        String responsePointer = pointerBase + "/responses/" + (responses.has(status) ? status : "default");
        if (response == null) {
            problems.add("status " + status + " is not declared (declared: " + fieldNames(responses) + ")");
            return problems;
        }
        if (response.has("$ref")) {
            responsePointer = response.get("$ref").asText();
            response = at(responsePointer);
        }
        JsonNode content = response.path("content");
        if (x.responseBody() == null || x.responseBody().isEmpty() || content.isMissingNode() || content.isEmpty()) {
            return problems;
        }
        String type = mediaType(x.responseHeaders().get("content-type"));
        String key = content.has(type) ? type : content.has("*/*") ? "*/*" : null;
        if (key == null) {
            problems.add("response content type " + type + " is not declared for " + status + " (declared: " + fieldNames(content) + ")");
            return problems;
        }
        if (type.equals("application/json") && content.path(key).has("schema")) {
            JsonNode body = json(x.responseBody(), problems, "response");
            if (body != null) {
                problems.addAll(prefix("response: ", validate(responsePointer + "/content/" + escape(key) + "/schema", body)));
            }
        }
        return problems;
    }

    private PathTemplate match(String rawPath) {
        PathTemplate best = null;
        for (PathTemplate t : paths) {
            if (t.pattern().matcher(rawPath).matches() && (best == null || t.literals() > best.literals())) {
                best = t;
            }
        }
        return best;
    }

    private JsonNode at(String ref) {
        return doc.at(ref.substring(1));
    }

    private List<String> validate(String pointer, JsonNode value) {
        if (value == null) {
            return List.of();
        }
        JsonSchema schema = schemas.computeIfAbsent(pointer, p -> factory.getSchema(SchemaLocation.of(BASE + p)));
        Set<ValidationMessage> messages = schema.validate(value);
        return messages.stream().map(m -> m.getInstanceLocation() + ": " + m.getMessage() + " (schema " + pointer + ")")
            .sorted().collect(Collectors.toList());
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text, List<String> problems, String what) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            problems.add(what + " body is not JSON: " + e.getMessage());
            return null;
        }
    }

    private static List<String> prefix(String p, List<String> messages) {
        return messages.stream().map(m -> p + m).toList();
    }

    private static String mediaType(String contentType) {
        if (contentType == null) {
            return "application/octet-stream";
        }
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    private static String escape(String pointerToken) {
        return pointerToken.replace("~", "~0").replace("/", "~1");
    }

    private static String fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return String.join(", ", names);
    }

    /** For a test of the contract itself: an exchange's problems against another document. */
    static List<String> check(ObjectNode document, Exchange x) {
        return new OpenApiContract(document).check(x);
    }
}
