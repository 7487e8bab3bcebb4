package dev.actgate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.actgate.shared.auth.WorkspaceTokenVerifier;
import dev.actgate.shared.credentials.LocalMasterKeyProvider;
import dev.actgate.testing.SamTemplate;
import dev.actgate.testing.LocalDynamoDb;
import dev.actgate.shared.storage.TableNames;
import dev.actgate.shared.workspaces.DynamoWorkspaceRepository;
import dev.actgate.shared.workspaces.Workspace;
import dev.actgate.shared.workspaces.WorkspaceService;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * {@code scripts/bench-cold-start}: per function of template.yaml, the size of its Lambda archive and its cold
 * start — JVM start to the first response of the real handler — as the median (min–max) of N brand-new JVMs, plus
 * a framework-free baseline. See docs/benchmarks.md for the method and how to read the figures.
 */
public final class ColdStartBench {
    static final List<String> FLAGS = List.of("runs", "prime", "jvm-opts", "only", "timeout-seconds", "verbose");

    /** A cheap real route per function (API Gateway would send these to it). The act row gets 400: no dispatch. */
    static final Map<String, String[]> ROUTES = Map.of(
        "ActFunction", new String[] {"POST", "/act", "{}"},
        "ConnectionsFunction", new String[] {"GET", "/connections", null},
        "ActionsFunction", new String[] {"GET", "/actions", null},
        "RunLogsFunction", new String[] {"GET", "/action-run-logs", null});

    /**
     * What the baseline needs from local/target/lambda/lib: the Lambda interfaces, the DynamoDB client and the
     * URLConnection transport with their transitive dependencies, nothing else.
     */
    static final List<String> BASELINE_JARS = List.of("aws-lambda-java-core", "aws-lambda-java-events",
        "dynamodb", "aws-json-protocol", "protocol-core", "aws-core", "sdk-core", "auth", "http-auth", "http-auth-aws",
        "http-auth-spi", "identity-spi", "http-client-spi", "regions", "utils", "metrics-spi", "endpoints-spi",
        "json-utils", "third-party-jackson-core", "profiles", "retries", "retries-spi", "checksums", "checksums-spi",
        "annotations", "url-connection-client", "slf4j-api", "reactive-streams");

    static final String WORKSPACE = "bench";
    static final String TENANT = "bench";
    static final double MB = 1024.0 * 1024.0;

    record Target(String name, String handler, String method, String path, String body, Path zip, long zipBytes,
                  long libBytes, int jars, String classPath) {
    }

    record Run(int status, double coldStartMs, double jvmToMainMs, double initMs, double firstRequestMs,
               double secondRequestMs, double spawnToResponseMs, String bodyPrefix, double firstCodeRunMs, double primedCodeRunMs) {
    }

    private ColdStartBench() {
    }

    public static void main(String[] args) {
        BenchSupport.main("bench-cold-start", args, ColdStartBench::run);
    }

    static int run(String[] args) throws Exception {
        Map<String, String> flags = BenchSupport.flags(args, FLAGS);
        if (flags.containsKey("help")) {
            System.out.println("""
                usage: scripts/bench-cold-start [--runs N] [--prime N] [--only ActFunction,...] [--jvm-opts "..."] [--timeout-seconds S]
                  --runs N           measured cold starts per function, each in a new JVM (default 5)
                  --prime N          unmeasured runs first, so jars are in the OS page cache (default 1)
                  --only IDS         comma-separated logical ids of template.yaml (and/or 'baseline')
                  --jvm-opts "..."   JVM flags of every child (default: JAVA_TOOL_OPTIONS of template.yaml)
                  --verbose true     print each child's stderr (its logs)
                """);
            return 0;
        }
        int runs = BenchSupport.intFlag(flags, "runs", 5, 1, 200);
        int prime = BenchSupport.intFlag(flags, "prime", 1, 0, 20);
        int timeout = BenchSupport.intFlag(flags, "timeout-seconds", 180, 10, 3600);
        Path templateFile = SamTemplate.locate();
        Path root = templateFile.getParent();
        SamTemplate template = SamTemplate.load(templateFile, "actgate");
        String templateOpts = templateJavaToolOptions(templateFile);
        List<String> jvmOpts = List.of((flags.getOrDefault("jvm-opts", templateOpts)).trim().split("\\s+"));
        boolean verbose = Boolean.parseBoolean(flags.getOrDefault("verbose", "false"));
        Set<String> only = flags.containsKey("only") ? Set.of(flags.get("only").split(",")) : null;

        if (only != null) {
            Set<String> known = new LinkedHashSet<>();
            template.functions().forEach(f -> known.add(f.logicalId()));
            known.add("baseline");
            for (String id : only) {
                if (!known.contains(id)) {
                    throw new IllegalArgumentException("--only: unknown '" + id + "' (known: " + String.join(", ", known) + ")");
                }
            }
        }
        String loadBefore = BenchSupport.loadAverage();
        Path tmp = Files.createTempDirectory("actgate-bench-cold-");
        LocalDynamoDb db = null;
        try {
            // One DynamoDB Local for every child JVM, with template.yaml's tables and one workspace.
            db = LocalDynamoDb.start(null, 0);
            DynamoDbClient client = db.client();
            LocalDynamoDb.createTables(client, template);
            Workspace workspace = workspaces(client).create(WORKSPACE, "Cold-start benchmark");
            Path masterKey = tmp.resolve("master.key");
            new LocalMasterKeyProvider(masterKey).currentKeyId(); // created here, not inside a measured child
            String token = token(workspace);

            Path probeDir = writeProbeClasses(tmp.resolve("probe"));
            List<Target> targets = new ArrayList<>();
            for (SamTemplate.FunctionDef def : template.functions()) {
                if (only != null && !only.contains(def.logicalId())) {
                    continue;
                }
                targets.add(functionTarget(root, def, tmp, probeDir));
            }
            if (only == null || only.contains("baseline")) {
                targets.add(baselineTarget(root, probeDir));
            }

            List<String> sysProps = List.of(
                "-Daws.services.dynamodb.endpoint-override=" + db.endpoint(),
                "-Daws.region=" + LocalDynamoDb.REGION.id(),
                "-Daws.access-key-id=" + LocalDynamoDb.ACCESS_KEY,
                "-Daws.secret-key=" + LocalDynamoDb.SECRET_KEY,
                "-Dactgate.credentials.local-key-file=" + masterKey);
            System.err.printf("bench-cold-start: %d function(s) + baseline, %d run(s) each (+%d priming), JVM flags %s%n",
                targets.size() - (only == null || only.contains("baseline") ? 1 : 0), runs, prime, String.join(" ", jvmOpts));
            System.err.println("  DynamoDB Local on " + db.endpoint() + ", work dir " + tmp);

            Map<Target, List<Run>> results = new LinkedHashMap<>();
            Map<Target, String> failures = new LinkedHashMap<>();
            targets.forEach(t -> results.put(t, new ArrayList<>()));
            // Round-robin (every function once per round) so drift on the machine spreads over all rows alike.
            for (int round = 1 - prime; round <= runs; round++) {
                for (Target t : targets) {
                    if (failures.containsKey(t)) {
                        continue;
                    }
                    try {
                        Run r = runChild(t, jvmOpts, sysProps, token, tmp, timeout);
                        if (verbose) {
                            System.err.println("  --- " + t.name + " stderr:\n" + tail(tmp.resolve(t.name + ".err")));
                        }
                        System.err.printf("  %s %-20s %6.0f ms  (init %6.0f, first request %6.0f) -> %d%n",
                            round <= 0 ? "prime" : String.format("run %d", round), t.name, r.coldStartMs, r.initMs,
                            r.firstRequestMs, r.status);
                        if (round > 0) {
                            results.get(t).add(r);
                        }
                    } catch (Exception e) {
                        failures.put(t, e.getMessage());
                        System.err.println("  " + t.name + " FAILED: " + e.getMessage());
                    }
                }
            }
            report(results, failures, runs, jvmOpts, templateOpts, loadBefore);
            return 0;
        } finally {
            if (db != null) {
                db.close();
            }
            BenchSupport.deleteTree(tmp);
        }
    }

    private static void report(Map<Target, List<Run>> results, Map<Target, String> failures, int runs, List<String> jvmOpts,
                               String templateOpts, String loadBefore) {
        String loadAfter = BenchSupport.loadAverage();
        List<List<String>> rows = new ArrayList<>();
        ObjectMapper json = new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode summary = json.createObjectNode().put("bench", "cold-start")
            .put("date", LocalDate.now(ZoneOffset.UTC).toString()).put("machine", BenchSupport.machine())
            .put("loadAverageBefore", loadBefore).put("loadAverageAfter", loadAfter).put("jvmOpts", String.join(" ", jvmOpts))
            .put("templateJavaToolOptions", templateOpts).put("runs", runs);
        ArrayNode out = summary.putArray("functions");
        double baselineMedian = results.entrySet().stream().filter(e -> e.getKey().name.equals("baseline") && !e.getValue().isEmpty())
            .map(e -> BenchSupport.median(e.getValue().stream().mapToDouble(Run::coldStartMs).toArray())).findFirst().orElse(Double.NaN);
        List<String> codeLines = new ArrayList<>();
        for (Map.Entry<Target, List<Run>> e : results.entrySet()) {
            Target t = e.getKey();
            List<Run> rs = e.getValue();
            double[] cold = rs.stream().mapToDouble(Run::coldStartMs).toArray();
            double median = BenchSupport.median(cold);
            double min = rs.stream().mapToDouble(Run::coldStartMs).min().orElse(Double.NaN);
            double max = rs.stream().mapToDouble(Run::coldStartMs).max().orElse(Double.NaN);
            double jvm = BenchSupport.median(rs.stream().mapToDouble(Run::jvmToMainMs).toArray());
            double init = BenchSupport.median(rs.stream().mapToDouble(Run::initMs).toArray());
            double first = BenchSupport.median(rs.stream().mapToDouble(Run::firstRequestMs).toArray());
            double second = BenchSupport.median(rs.stream().mapToDouble(Run::secondRequestMs).toArray());
            double spawn = BenchSupport.median(rs.stream().mapToDouble(Run::spawnToResponseMs).toArray());
            double code = BenchSupport.median(rs.stream().mapToDouble(Run::firstCodeRunMs).filter(v -> v >= 0).toArray());
            double primedCode = BenchSupport.median(rs.stream().mapToDouble(Run::primedCodeRunMs).filter(v -> v >= 0).toArray());
            if (!Double.isNaN(code)) {
                codeLines.add(String.format(java.util.Locale.ROOT, "%s: first `code` run on a fresh JVM %.0f ms (median); the same"
                    + " after the snapshot's priming ran it once %.0f ms", t.name, code, primedCode));
            }
            Set<Integer> statuses = new LinkedHashSet<>();
            rs.forEach(r -> statuses.add(r.status));
            String failure = failures.get(t);
            rows.add(List.of(t.name + " " + t.method + " " + t.path,
                t.zip == null ? "-" : BenchSupport.fmt(t.zipBytes / MB, 1),
                BenchSupport.fmt(t.libBytes / MB, 1),
                Integer.toString(t.jars),
                rs.isEmpty() ? "failed" : BenchSupport.fmt(median, 0) + " (" + BenchSupport.fmt(min, 0) + "–" + BenchSupport.fmt(max, 0) + ")",
                rs.isEmpty() || Double.isNaN(baselineMedian) ? "-" : BenchSupport.fmt(median / baselineMedian, 2) + "×",
                BenchSupport.fmt(jvm, 0), BenchSupport.fmt(init, 0), BenchSupport.fmt(first, 0), BenchSupport.fmt(second, 1),
                BenchSupport.fmt(spawn, 0),
                statuses.isEmpty() ? "-" : statuses.stream().map(String::valueOf).reduce((a, b) -> a + "/" + b).orElse("")));
            ObjectNode row = out.addObject().put("function", t.name).put("route", t.method + " " + t.path)
                .put("zipBytes", t.zipBytes).put("libBytes", t.libBytes).put("jars", t.jars)
                .put("coldStartMsMedian", BenchSupport.round(median, 1)).put("coldStartMsMin", min).put("coldStartMsMax", max)
                .put("jvmToMainMsMedian", BenchSupport.round(jvm, 1)).put("initMsMedian", BenchSupport.round(init, 1))
                .put("firstRequestMsMedian", BenchSupport.round(first, 1)).put("secondRequestMsMedian", BenchSupport.round(second, 2))
                .put("spawnToResponseMsMedian", BenchSupport.round(spawn, 1))
                .put("baselineRatio", BenchSupport.round(median / baselineMedian, 3));
            if (!Double.isNaN(code)) {
                row.put("firstCodeRunMsMedian", BenchSupport.round(code, 1)).put("primedCodeRunMsMedian", BenchSupport.round(primedCode, 1));
            }
            ArrayNode st = row.putArray("statuses");
            statuses.forEach(st::add);
            ArrayNode all = row.putArray("coldStartMs");
            rs.forEach(r -> all.add(r.coldStartMs));
            if (failure != null) {
                row.put("error", failure);
            }
        }
        System.out.println();
        System.out.println("Cold start, " + runs + " new JVM(s) per row, JVM flags: " + String.join(" ", jvmOpts));
        System.out.println("Machine: " + BenchSupport.machine() + "; load average before " + loadBefore + ", after " + loadAfter);
        System.out.println();
        System.out.print(BenchSupport.table(List.of("function", "zip MB", "lib MB", "jars", "cold start median ms (min–max)",
            "÷ baseline", "JVM→main", "init", "1st req", "2nd req", "spawn→resp", "first-request status"), rows));
        System.out.println();
        System.out.println("cold start = JVM start (RuntimeMXBean) to the first response; = JVM→main + init (load + construct the handler)"
            + " + 1st req (+ a few ms of probe overhead).");
        System.out.println("spawn→resp = from ProcessBuilder.start() in the driver, i.e. including process creation. MB = MiB;"
            + " lib MB = uncompressed lib/ of the zip.");
        codeLines.forEach(System.out::println);
        failures.forEach((t, m) -> System.out.println("FAILED " + t.name + ": " + m));
        System.out.println();
        try {
            System.out.println(json.writeValueAsString(summary));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ one child JVM

    private static Run runChild(Target t, List<String> jvmOpts, List<String> sysProps, String token, Path tmp, int timeoutSeconds)
        throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBin);
        cmd.addAll(jvmOpts);
        cmd.addAll(sysProps);
        cmd.add("-cp");
        cmd.add(t.classPath);
        cmd.add(ColdStartProbe.class.getName());
        cmd.add(t.name);
        cmd.add(t.handler);
        cmd.add(t.method);
        cmd.add(t.path);
        cmd.add(t.body == null ? "-" : Base64.getEncoder().encodeToString(t.body.getBytes(StandardCharsets.UTF_8)));
        cmd.add(token);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile());
        Map<String, String> env = pb.environment();
        // What a Lambda sandbox has, and nothing from this shell that would change the JVM or the SDK.
        env.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("ACTGATE_") || k.equals("JAVA_TOOL_OPTIONS")
            || k.equals("JDK_JAVA_OPTIONS") || k.equals("_JAVA_OPTIONS") || k.startsWith("MICRONAUT_"));
        env.put("AWS_LAMBDA_FUNCTION_NAME", "actgate-" + t.name);
        env.put("AWS_REGION", LocalDynamoDb.REGION.id());
        Path stdout = tmp.resolve(t.name + ".out");
        Path stderr = tmp.resolve(t.name + ".err");
        pb.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        long spawnedAt = System.currentTimeMillis();
        Process p = pb.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("no response within " + timeoutSeconds + " s; stderr: " + tail(stderr));
        }
        String line = null;
        for (String l : Files.readAllLines(stdout)) {
            if (l.startsWith(ColdStartProbe.MARKER)) {
                line = l;
            }
        }
        if (line == null) {
            throw new IllegalStateException("exit " + p.exitValue() + ", no result line; stderr: " + tail(stderr) + " stdout: " + tail(stdout));
        }
        JsonNode r = new ObjectMapper().readTree(line);
        return new Run(r.path("status").asInt(), r.path("coldStartMs").asDouble(), r.path("jvmToMainMs").asDouble(),
            r.path("initMs").asDouble(), r.path("firstRequestMs").asDouble(), r.path("secondRequestMs").asDouble(),
            r.path("respondedAtEpochMs").asLong() - spawnedAt, r.path("bodyPrefix").asText(),
            r.path("firstCodeRunMs").asDouble(-1), r.path("primedCodeRunMs").asDouble(-1));
    }

    private static String tail(Path file) {
        try {
            String s = Files.readString(file);
            return s.length() > 2000 ? "…" + s.substring(s.length() - 2000) : s;
        } catch (IOException e) {
            return "(unreadable)";
        }
    }

    // ------------------------------------------------------------------ targets

    private static Target functionTarget(Path root, SamTemplate.FunctionDef def, Path tmp, Path probeDir) throws IOException {
        String[] route = ROUTES.get(def.logicalId());
        if (route == null) {
            SamTemplate.Route r = def.routes().stream().filter(x -> x.method().equals("GET") && !x.path().contains("{"))
                .findFirst().orElseThrow(() -> new IllegalStateException("No simple GET route for " + def.logicalId()));
            route = new String[] {"GET", r.path(), null};
        } else {
            String method = route[0];
            String path = route[1];
            if (def.routes().stream().noneMatch(x -> x.method().equalsIgnoreCase(method) && x.path().equals(path))) {
                throw new IllegalStateException(def.logicalId() + " has no route " + method + " " + path + " in template.yaml");
            }
        }
        Path zip = root.resolve(def.codeUri());
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException(zip + " is missing: run 'mvn -DskipTests package' (scripts/build-if-needed does)");
        }
        // Run what is deployed: the zip's lib/*.jar, extracted, exactly as Lambda puts it under /var/task.
        Path dir = tmp.resolve("fn").resolve(def.logicalId());
        long libBytes = 0;
        int jars = 0;
        try (ZipFile z = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> entries = z.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                Path target = dir.resolve(e.getName()).normalize();
                if (!target.startsWith(dir)) {
                    throw new IOException("Unsafe entry " + e.getName() + " in " + zip);
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                if (e.getName().startsWith("lib/")) {
                    libBytes += e.getSize();
                    if (e.getName().endsWith(".jar")) {
                        jars++;
                    }
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = z.getInputStream(e)) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        String cp = dir.resolve("lib") + "/*" + java.io.File.pathSeparator + probeDir;
        return new Target(def.logicalId(), def.handler(), route[0], route[1], route[2], zip, Files.size(zip), libBytes, jars, cp);
    }

    private static Target baselineTarget(Path root, Path probeDir) throws IOException {
        Path lib = root.resolve("local/target/lambda/lib");
        List<Path> picked = new ArrayList<>();
        try (Stream<Path> files = Files.list(lib)) {
            List<Path> all = files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
            for (String artifact : BASELINE_JARS) {
                Pattern name = Pattern.compile(Pattern.quote(artifact) + "-\\d[^/]*\\.jar");
                Path jar = all.stream().filter(p -> name.matcher(p.getFileName().toString()).matches()).findFirst()
                    .orElseThrow(() -> new IllegalStateException("baseline needs " + artifact + "-*.jar in " + lib));
                picked.add(jar);
            }
        }
        long bytes = 0;
        StringBuilder cp = new StringBuilder(probeDir.toString());
        for (Path jar : picked) {
            bytes += Files.size(jar);
            cp.append(java.io.File.pathSeparator).append(jar);
        }
        return new Target("baseline", BaselineHandler.class.getName(), "GET", "/baseline", null, null, 0, bytes, picked.size(),
            cp.toString());
    }

    /** Copies the probe and the baseline handler (only those classes) into a directory of their own. */
    private static Path writeProbeClasses(Path dir) throws IOException, URISyntaxException {
        Files.createDirectories(dir);
        Path source = Path.of(ColdStartBench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String pkg = ColdStartBench.class.getPackageName().replace('.', '/');
        Path from = source.resolve(pkg);
        if (!Files.isDirectory(from)) {
            throw new IllegalStateException("Run from bench/target/classes (scripts/bench-cold-start does): " + from);
        }
        Path to = dir.resolve(pkg);
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                String n = f.getFileName().toString();
                if (n.startsWith(ColdStartProbe.class.getSimpleName()) || n.startsWith(BaselineHandler.class.getSimpleName())) {
                    Files.copy(f, to.resolve(n), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        // The probe hands the handler the same Lambda Context the local gateway uses.
        String contextPkg = dev.actgate.local.LocalContext.class.getPackageName().replace('.', '/');
        Path contextTo = Files.createDirectories(dir.resolve(contextPkg));
        Path contextSource = Path.of(dev.actgate.local.LocalContext.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (Stream<Path> files = Files.list(contextSource.resolve(contextPkg))) {
            for (Path f : files.toList()) {
                if (f.getFileName().toString().startsWith(dev.actgate.local.LocalContext.class.getSimpleName())) {
                    Files.copy(f, contextTo.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return dir;
    }

    // ------------------------------------------------------------------ setup helpers

    static WorkspaceService workspaces(DynamoDbClient client) {
        DynamoDbEnhancedClient enhanced = DynamoDbEnhancedClient.builder().dynamoDbClient(client).build();
        ObjectMapper json = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        TableNames names = new TableNames("actgate-workspaces", "actgate-integrations", "actgate-connections",
            "actgate-actions", "actgate-run-logs", "actgate-idempotency");
        return new WorkspaceService(new DynamoWorkspaceRepository(enhanced, names, json));
    }

    static String token(Workspace workspace) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().claim("workspaceKey", workspace.key()).claim("tenantKey", TENANT)
            .issueTime(new Date()).expirationTime(new Date(System.currentTimeMillis() + 3_600_000)).build();
        return WorkspaceTokenVerifier.signHs256(workspace.secrets().get(workspace.secrets().size() - 1).value(), claims);
    }

    /** JAVA_TOOL_OPTIONS of template.yaml's Globals: the JVM flags every deployed function gets. */
    static String templateJavaToolOptions(Path template) throws IOException {
        Matcher m = Pattern.compile("JAVA_TOOL_OPTIONS:\\s*\"([^\"]*)\"").matcher(Files.readString(template));
        return m.find() ? m.group(1) : "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";
    }
}
