package dev.actgate.local;

import dev.actgate.shared.sam.SamTemplate;
import dev.actgate.shared.storage.LocalDynamoDb;
import dev.actgate.shared.workspaces.Workspace;
import dev.actgate.shared.workspaces.WorkspaceService;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * {@code scripts/dev}: the whole API on http://localhost:8080 (PORT overrides) with no AWS account and no Docker.
 * DynamoDB Local keeps its data in .actgate/dynamodb; each function of template.yaml runs through its real Lambda
 * handler in its own class loader; requests are routed by template.yaml's HttpApi routes.
 */
public final class DevServer {
    public static final String DEFAULT_WORKSPACE = "default";
    public static final String DEFAULT_TENANT = "default";

    private DevServer() {
    }

    public static void main(String[] args) throws Exception {
        LocalPaths paths = LocalPaths.fromWorkingDirectory();
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        String host = System.getenv().getOrDefault("ACTGATE_HOST", "127.0.0.1");
        long t0 = System.nanoTime();

        LocalStorage storage = LocalStorage.startServer(paths, Integer.parseInt(
            System.getenv().getOrDefault("ACTGATE_DYNAMODB_PORT", Integer.toString(LocalDynamoDb.freePort()))));
        String publicUrl = System.getenv().getOrDefault("ACTGATE_PUBLIC_URL", "http://localhost:" + port);

        // What the functions read as configuration (the cloud gets the same through template.yaml's environment).
        System.setProperty("aws.services.dynamodb.endpoint-override", storage.endpoint.toString());
        System.setProperty("aws.region", LocalDynamoDb.REGION.id());
        System.setProperty("aws.access-key-id", LocalDynamoDb.ACCESS_KEY);
        System.setProperty("aws.secret-key", LocalDynamoDb.SECRET_KEY);
        System.setProperty("actgate.credentials.local-key-file", paths.masterKey().toString());
        System.setProperty("actgate.public-url", publicUrl);

        WorkspaceService workspaces = storage.workspaces();
        boolean created = workspaces.find(DEFAULT_WORKSPACE).isEmpty();
        Workspace workspace = created ? workspaces.create(DEFAULT_WORKSPACE, "Default workspace")
            : workspaces.find(DEFAULT_WORKSPACE).orElseThrow();
        List<LocalDemo.Seeded> seeded = LocalDemo.start(paths, storage, workspace);

        SamTemplate template = SamTemplate.load(paths.template(), "actgate");
        Map<String, LocalFunction> functions = new LinkedHashMap<>();
        List<SamTemplate.Route> routes = new ArrayList<>();
        for (SamTemplate.FunctionDef def : template.functions()) {
            LocalFunction fn = new LocalFunction(paths.root, def);
            functions.put(def.logicalId(), fn);
            routes.addAll(def.routes());
            System.err.printf("  %-22s %3d routes, handler ready in %d ms%n", def.logicalId(), def.routes().size(), fn.startMillis);
        }
        HttpApiGateway gateway = new HttpApiGateway(host, port, new RouteTable(routes), functions);
        gateway.start();

        Properties state = new Properties();
        state.setProperty("dynamodb.port", Integer.toString(storage.endpoint.getPort()));
        state.setProperty("api.url", publicUrl);
        state.setProperty("workspace.default", workspace.key());
        LocalStorage.writeDevState(paths, state);

        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
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
        }));

        String tenantToken = Tokens.mint(workspace, DEFAULT_TENANT, false, Duration.ofHours(12));
        String managerToken = Tokens.mint(workspace, null, true, Duration.ofHours(12));
        StringBuilder banner = new StringBuilder();
        banner.append("\nactgate is running on ").append(publicUrl).append(" (started in ")
            .append((System.nanoTime() - t0) / 1_000_000).append(" ms)\n");
        banner.append(created ? "Created" : "Using").append(" workspace '").append(workspace.key()).append("'")
            .append(" — data in ").append(paths.state).append("\n\n");
        banner.append("Tenant token (tenant 'default', 12 h):\n  ").append(tenantToken).append("\n");
        banner.append("Manager token (isAdmin, 12 h):\n  ").append(managerToken).append("\n\n");
        banner.append("More tokens: scripts/actgate token [--tenant KEY] [--manager] [--ttl 1h]\n\n");
        banner.append("Try it:\n");
        banner.append("  curl -s -H \"Authorization: Bearer $(scripts/actgate token --tenant alice)\" ")
            .append(publicUrl).append("/connections\n");
        for (LocalDemo.Seeded s : seeded) {
            banner.append("  ").append(s.curl()).append("\n");
        }
        System.out.println(banner);
        System.out.flush();
        Thread.currentThread().join();
    }
}
