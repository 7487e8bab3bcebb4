package dev.actgate.testing;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.Constructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code template.yaml}, the single source of truth for routes and tables, the way {@code sam local} would:
 * the local runtime routes requests to functions by its HttpApi events and creates DynamoDB Local tables from its
 * table resources; the template test checks controllers and tables against it.
 *
 * <p>Local-runtime and test support only (SnakeYAML is a provided dependency): no Lambda ever loads this class.
 */
public final class SamTemplate {

    /** One HttpApi route of a function. {@code path} uses API Gateway syntax: {@code /connections/{sel}}, {@code {proxy+}}. */
    public record Route(String method, String path, String functionId) {
    }

    public record FunctionDef(String logicalId, String handler, String codeUri, String moduleDir, List<Route> routes) {
    }

    public record KeyAttribute(String name, String keyType) {
    }

    /** A global secondary index: its keys and its projection ({@code ALL}, {@code KEYS_ONLY} or {@code INCLUDE} of the named attributes). */
    public record IndexDef(String name, List<KeyAttribute> keySchema, String projectionType, List<String> nonKeyAttributes) {
    }

    public record TableDef(String logicalId, String tableName, Map<String, String> attributeTypes,
                           List<KeyAttribute> keySchema, List<IndexDef> globalIndexes, String ttlAttribute,
                           boolean pointInTimeRecovery, String billingMode) {
    }

    private final Map<String, Object> root;
    private final String stackName;

    private SamTemplate(Map<String, Object> root, String stackName) {
        this.root = root;
        this.stackName = stackName;
    }

    public static SamTemplate load(Path file, String stackName) {
        try (Reader reader = Files.newBufferedReader(file)) {
            Yaml yaml = new Yaml(new IntrinsicTolerantConstructor());
            Map<String, Object> root = yaml.load(reader);
            return new SamTemplate(root, stackName);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + file, e);
        }
    }

    /** Finds template.yaml from a working directory inside the repository (or the {@code actgate.root} property). */
    public static Path locate() {
        String configured = System.getProperty("actgate.root");
        if (configured != null && Files.exists(Path.of(configured, "template.yaml"))) {
            return Path.of(configured, "template.yaml");
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.exists(dir.resolve("template.yaml")) && Files.isDirectory(dir.resolve("functions"))) {
                return dir.resolve("template.yaml");
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("template.yaml not found above " + Path.of("").toAbsolutePath());
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> resources() {
        return (Map<String, Object>) root.get("Resources");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o == null ? Map.of() : (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return o == null ? List.of() : (List<Object>) o;
    }

    public List<FunctionDef> functions() {
        String globalHandler = (String) map(map(map(root.get("Globals")).get("Function"))).get("Handler");
        List<FunctionDef> out = new ArrayList<>();
        resources().forEach((id, r) -> {
            Map<String, Object> resource = map(r);
            if (!"AWS::Serverless::Function".equals(resource.get("Type"))) {
                return;
            }
            Map<String, Object> props = map(resource.get("Properties"));
            String handler = props.containsKey("Handler") ? (String) props.get("Handler") : globalHandler;
            String codeUri = (String) props.get("CodeUri");
            int target = codeUri.indexOf("/target/");
            String moduleDir = target > 0 ? codeUri.substring(0, target) : codeUri;
            List<Route> routes = new ArrayList<>();
            map(props.get("Events")).forEach((eventId, e) -> {
                Map<String, Object> event = map(e);
                if ("HttpApi".equals(event.get("Type"))) {
                    Map<String, Object> p = map(event.get("Properties"));
                    routes.add(new Route(((String) p.get("Method")).toUpperCase(), (String) p.get("Path"), id));
                }
            });
            out.add(new FunctionDef(id, handler, codeUri, moduleDir, List.copyOf(routes)));
        });
        return out;
    }

    /** The environment variable names each function gets (its logical id → Globals' names and its own). */
    public Map<String, java.util.Set<String>> environmentVariables() {
        java.util.Set<String> global = map(map(map(map(root.get("Globals")).get("Function")).get("Environment")).get("Variables")).keySet();
        Map<String, java.util.Set<String>> out = new java.util.TreeMap<>();
        resources().forEach((id, r) -> {
            Map<String, Object> resource = map(r);
            if ("AWS::Serverless::Function".equals(resource.get("Type"))) {
                java.util.Set<String> names = new java.util.TreeSet<>(global);
                names.addAll(map(map(map(resource.get("Properties")).get("Environment")).get("Variables")).keySet());
                out.put(id, names);
            }
        });
        return out;
    }

    public List<TableDef> tables() {
        List<TableDef> out = new ArrayList<>();
        resources().forEach((id, r) -> {
            Map<String, Object> resource = map(r);
            if (!"AWS::DynamoDB::Table".equals(resource.get("Type"))) {
                return;
            }
            Map<String, Object> props = map(resource.get("Properties"));
            Map<String, String> types = new LinkedHashMap<>();
            list(props.get("AttributeDefinitions")).forEach(a -> types.put((String) map(a).get("AttributeName"),
                (String) map(a).get("AttributeType")));
            List<IndexDef> indexes = new ArrayList<>();
            list(props.get("GlobalSecondaryIndexes")).forEach(i -> {
                Map<String, Object> projection = map(map(i).get("Projection"));
                Object type = projection.get("ProjectionType");
                indexes.add(new IndexDef((String) map(i).get("IndexName"), keySchema(map(i).get("KeySchema")),
                    type == null ? "ALL" : (String) type,
                    list(projection.get("NonKeyAttributes")).stream().map(String::valueOf).toList()));
            });
            Map<String, Object> ttl = map(props.get("TimeToLiveSpecification"));
            boolean pitr = Boolean.TRUE.equals(map(props.get("PointInTimeRecoverySpecification")).get("PointInTimeRecoveryEnabled"));
            out.add(new TableDef(id, resolve(props.get("TableName")), types, keySchema(props.get("KeySchema")),
                List.copyOf(indexes), Boolean.TRUE.equals(ttl.get("Enabled")) ? (String) ttl.get("AttributeName") : null,
                pitr, (String) props.get("BillingMode")));
        });
        return out;
    }

    /** The HttpApi's CORS configuration (AllowOrigins, AllowMethods, AllowHeaders, ExposeHeaders, MaxAge), or empty. */
    public Map<String, Object> corsConfiguration() {
        for (Object r : resources().values()) {
            Map<String, Object> resource = map(r);
            if ("AWS::Serverless::HttpApi".equals(resource.get("Type"))) {
                return map(map(resource.get("Properties")).get("CorsConfiguration"));
            }
        }
        return Map.of();
    }

    /** The environment variable → table logical id pairs of the Globals (e.g. ACTGATE_TABLES_CONNECTIONS → ConnectionsTable). */
    public Map<String, String> tableEnvironment() {
        Map<String, Object> vars = map(map(map(map(root.get("Globals")).get("Function")).get("Environment")).get("Variables"));
        Map<String, String> out = new LinkedHashMap<>();
        vars.forEach((k, v) -> {
            if (v instanceof Map<?, ?> m && m.get("Ref") instanceof String ref && k.startsWith("ACTGATE_TABLES_")) {
                out.put(k, ref);
            }
        });
        return out;
    }

    private static List<KeyAttribute> keySchema(Object o) {
        List<KeyAttribute> out = new ArrayList<>();
        list(o).forEach(k -> out.add(new KeyAttribute((String) map(k).get("AttributeName"), (String) map(k).get("KeyType"))));
        return List.copyOf(out);
    }

    /** Resolves the only intrinsic our table names use: {@code !Sub ${AWS::StackName}-...}. */
    private String resolve(Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Map<?, ?> m && m.get("Fn::Sub") instanceof String sub) {
            return sub.replace("${AWS::StackName}", stackName);
        }
        throw new IllegalStateException("Unsupported table name expression: " + value);
    }

    /** Reads CloudFormation short-form tags ({@code !Ref x}) as their long form ({@code {Ref: x}}). */
    private static final class IntrinsicTolerantConstructor extends Constructor {
        IntrinsicTolerantConstructor() {
            super(new LoaderOptions());
            this.yamlMultiConstructors.put("!", new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    String tag = node.getTag().getValue().substring(1);
                    String name = tag.equals("Ref") || tag.equals("Condition") ? tag : "Fn::" + tag;
                    Object value;
                    if (node instanceof ScalarNode scalar) {
                        value = scalar.getValue();
                    } else if (node instanceof SequenceNode seq) {
                        value = constructSequence(seq);
                    } else {
                        value = constructMapping((MappingNode) node);
                    }
                    return Map.of(name, value);
                }
            });
        }
    }
}
