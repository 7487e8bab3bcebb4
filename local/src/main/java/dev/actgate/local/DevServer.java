package dev.actgate.local;

/**
 * {@code scripts/dev}: the whole API on http://localhost:8080 ({@code PORT} overrides) with no AWS account and no
 * Docker. See {@link LocalRuntime} and docs/local-runtime.md.
 */
public final class DevServer {
    public static final String DEFAULT_WORKSPACE = LocalRuntime.DEFAULT_WORKSPACE;
    public static final String DEFAULT_TENANT = LocalRuntime.DEFAULT_TENANT;

    private DevServer() {
    }

    public static void main(String[] args) throws Exception {
        LocalPaths paths = LocalPaths.fromWorkingDirectory();
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        String host = System.getenv().getOrDefault("ACTGATE_HOST", "127.0.0.1");
        int dynamoPort = Integer.parseInt(System.getenv().getOrDefault("ACTGATE_DYNAMODB_PORT", "0"));
        // ACTGATE_EGRESS_ALLOW: internal APIs the operator means to reach (comma-separated CIDRs, hosts, :ports).
        java.util.List<String> egressAllow = java.util.List.of(System.getenv().getOrDefault("ACTGATE_EGRESS_ALLOW", "").split(","));
        LocalRuntime runtime = LocalRuntime.start(paths, host, port, dynamoPort, System.getenv("ACTGATE_PUBLIC_URL"), egressAllow);
        Runtime.getRuntime().addShutdownHook(new Thread(runtime::close));
        System.out.println(runtime.banner());
        System.out.flush();
        Thread.currentThread().join();
    }
}
