package dev.actgate.local;

import dev.actgate.testing.SamTemplate;
import dev.actgate.testing.LocalDynamoDb;
import dev.actgate.shared.workspaces.Workspace;
import dev.actgate.shared.workspaces.WorkspaceService;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The whole API on localhost: DynamoDB Local with template.yaml's tables, the demo app, every function of
 * template.yaml through its real Lambda handler, and the HTTP API in front. {@link DevServer} runs it from the
 * command line; the end-to-end tests start it in-process.
 */
public final class LocalRuntime implements AutoCloseable {
    public static final String DEFAULT_WORKSPACE = "default";
    public static final String DEFAULT_TENANT = "default";

    private final LocalPaths paths;
    private final LocalStorage storage;
    private final Map<String, LocalFunction> functions;
    private final HttpApiGateway gateway;
    private final Workspace workspace;
    private final boolean createdWorkspace;
    private final List<LocalDemo.Seeded> seeded;
    private final String publicUrl;
    private final long startMillis;

    private LocalRuntime(LocalPaths paths, LocalStorage storage, Map<String, LocalFunction> functions, HttpApiGateway gateway,
                         Workspace workspace, boolean createdWorkspace, List<LocalDemo.Seeded> seeded, String publicUrl, long startMillis) {
        this.paths = paths;
        this.storage = storage;
        this.functions = functions;
        this.gateway = gateway;
        this.workspace = workspace;
        this.createdWorkspace = createdWorkspace;
        this.seeded = seeded;
        this.publicUrl = publicUrl;
        this.startMillis = startMillis;
    }

    /** Starts everything. {@code port} 0 picks a free port; {@code dynamoPort} 0 too. */
    public static LocalRuntime start(LocalPaths paths, String host, int port, int dynamoPort, String publicUrl) throws Exception {
        return start(paths, host, port, dynamoPort, publicUrl, List.of());
    }

    /**
     * Starts everything; {@code egressAllow} are more egress allowlist entries (the operator's
     * {@code ACTGATE_EGRESS_ALLOW}, or a test's own servers). The demo app's address is always allowed, and nothing
     * else internal: the local runtime's DynamoDB and the API itself stay unreachable through /act.
     */
    public static LocalRuntime start(LocalPaths paths, String host, int port, int dynamoPort, String publicUrl,
                                     List<String> egressAllow) throws Exception {
        long t0 = System.nanoTime();
        LocalStorage storage = LocalStorage.startServer(paths, dynamoPort > 0 ? dynamoPort : LocalDynamoDb.freePort());
        int apiPort = port > 0 ? port : LocalDynamoDb.freePort();
        String url = publicUrl != null ? publicUrl : "http://localhost:" + apiPort;

        // What the functions read as configuration (in AWS the same arrives through template.yaml's environment).
        System.setProperty("aws.services.dynamodb.endpoint-override", storage.endpoint.toString());
        System.setProperty("aws.region", LocalDynamoDb.REGION.id());
        System.setProperty("aws.access-key-id", LocalDynamoDb.ACCESS_KEY);
        System.setProperty("aws.secret-key", LocalDynamoDb.SECRET_KEY);
        System.setProperty("actgate.credentials.local-key-file", paths.masterKey().toString());
        System.setProperty("actgate.public-url", url);

        WorkspaceService workspaces = storage.workspaces();
        boolean created = workspaces.find(DEFAULT_WORKSPACE).isEmpty();
        Workspace workspace = created ? workspaces.create(DEFAULT_WORKSPACE, "Default workspace")
            : workspaces.find(DEFAULT_WORKSPACE).orElseThrow();
        LocalDemo.startApi(paths);
        List<String> allow = new ArrayList<>();
        allow.add("127.0.0.1:" + java.net.URI.create(LocalDemo.baseUrl()).getPort());
        egressAllow.stream().filter(e -> e != null && !e.isBlank()).forEach(allow::add);
        System.setProperty("actgate.egress.allow", String.join(",", allow));

        SamTemplate template = SamTemplate.load(paths.template(), "actgate");
        Map<String, LocalFunction> functions = new LinkedHashMap<>();
        List<SamTemplate.Route> routes = new ArrayList<>();
        for (SamTemplate.FunctionDef def : template.functions()) {
            LocalFunction fn = new LocalFunction(paths.root, def);
            functions.put(def.logicalId(), fn);
            routes.addAll(def.routes());
            System.err.printf("  %-22s %3d routes, handler ready in %d ms%n", def.logicalId(), def.routes().size(), fn.startMillis);
        }
        HttpApiGateway gateway = new HttpApiGateway(host, apiPort, new RouteTable(routes), functions, template.corsConfiguration());
        gateway.start();
        List<LocalDemo.Seeded> seeded = LocalDemo.seed(paths, "http://127.0.0.1:" + gateway.port(), workspace);

        Properties state = new Properties();
        state.setProperty("dynamodb.port", Integer.toString(storage.endpoint.getPort()));
        state.setProperty("api.url", url);
        state.setProperty("workspace.default", workspace.key());
        LocalStorage.writeDevState(paths, state);
        paths.tighten();
        return new LocalRuntime(paths, storage, functions, gateway, workspace, created, seeded, url, (System.nanoTime() - t0) / 1_000_000);
    }

    public LocalPaths paths() {
        return paths;
    }

    public int port() {
        return gateway.port();
    }

    public Workspace workspace() {
        return workspace;
    }

    public String token(String tenant, boolean manager) {
        return Tokens.mint(workspace, tenant, manager, java.time.Duration.ofHours(12));
    }

    String banner() {
        StringBuilder b = new StringBuilder();
        b.append("\nactgate is running on ").append(publicUrl).append(" (started in ").append(startMillis).append(" ms)\n");
        b.append(createdWorkspace ? "Created" : "Using").append(" workspace '").append(workspace.key()).append("'")
            .append(" — data in ").append(paths.state).append("\n\n");
        b.append("Tenant token (tenant 'default', 12 h):\n  ").append(token(DEFAULT_TENANT, false)).append("\n");
        b.append("Manager token (isAdmin, 12 h):\n  ").append(token(null, true)).append("\n\n");
        b.append("More tokens: scripts/actgate token [--tenant KEY] [--manager] [--ttl 1h]\n\n");
        b.append("Try it:\n");
        b.append("  curl -s -H \"Authorization: Bearer $(scripts/actgate token --tenant alice)\" ").append(publicUrl).append("/connections\n");
        for (LocalDemo.Seeded s : seeded) {
            b.append("  ").append(s.curl().replace("http://127.0.0.1:" + gateway.port(), publicUrl)).append("\n");
        }
        return b.toString();
    }

    @Override
    public void close() {
        gateway.close();
        functions.values().forEach(f -> {
            try {
                f.close();
            } catch (Exception e) {
                // shutting down
            }
        });
        LocalDemo.stop();
        storage.close();
        paths.devState().toFile().delete();
    }
}
