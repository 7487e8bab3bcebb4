package dev.actgate.local;

import dev.actgate.shared.workspaces.Workspace;
import dev.actgate.shared.workspaces.WorkspaceService;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Properties;

/**
 * {@code scripts/actgate}: the operator CLI. Works against the running {@code scripts/dev} (or, when it is not
 * running, the same local data directly). {@code token} prints only the JWT on stdout, so
 * {@code $(scripts/actgate token)} works in a shell; everything else goes to stderr.
 */
public final class Cli {
    private Cli() {
    }

    public static void main(String[] args) {
        int code;
        try {
            code = run(List.of(args), System.out, System.err);
        } catch (IllegalArgumentException e) {
            System.err.println("actgate: " + e.getMessage());
            code = 2;
        }
        System.exit(code);
    }

    static int run(List<String> argv, PrintStream out, PrintStream err) {
        return run(argv, out, err, LocalPaths.fromWorkingDirectory());
    }

    static int run(List<String> argv, PrintStream out, PrintStream err, LocalPaths paths) {
        Deque<String> args = new ArrayDeque<>(argv);
        String command = args.isEmpty() ? "help" : args.pop();
        switch (command) {
            case "token":
                return token(args, out, paths);
            case "workspace":
                return workspace(args, out, err, paths);
            case "api-key":
                return serverCredentials(dev.actgate.shared.apikeys.ServerCredential.Kind.API_KEY, args, out, err, paths);
            case "client":
                return serverCredentials(dev.actgate.shared.apikeys.ServerCredential.Kind.OAUTH_CLIENT, args, out, err, paths);
            default:
                err.println("""
                    usage: scripts/actgate <command>
                      token [--workspace KEY] [--tenant KEY] [--manager] [--ttl DURATION]
                            print a signed JWT (default: tenant 'default' of the default workspace, 1h)
                      workspace create [--key KEY] [--name NAME]      create a workspace; prints its key and secret
                      workspace rotate-secret --workspace KEY         add a new signing secret (the older of two is retired)
                      workspace show --workspace KEY                  print a workspace's key, secret ids and settings
                      workspace set --workspace KEY [--capture-bodies true|false] [--retention-days N]
                                    [--approver-claim CLAIM|none]   tokens with CLAIM: true may decide their tenant's approvals
                                    [--agent-actions all|catalog|saved|none] [--agent-api-request true|false]
                      workspace add-key --workspace KEY --alg RS256|ES256 --pem FILE [--kid ID]
                                                                      register a public key for tokens you sign yourself
                      api-key create --workspace KEY [--name NAME] [--expires-in-days N]
                                                                      a server API key (Composio, Weavz dialects); prints only the key
                      api-key list --workspace KEY | api-key revoke --workspace KEY --id ID
                      client create --workspace KEY [--name NAME] [--expires-in-days N]
                                                                      an OAuth2 client (Pipedream dialect); prints client_id= and client_secret=
                      client list --workspace KEY | client revoke --workspace KEY --id ID
                    Against a deployed stack instead of the local runtime, add to any command:
                      --aws --table <the stack's workspaces table (output WorkspacesTableName)> [--region REGION]
                      (api-key and client also need --credentials-table <output ApiCredentialsTableName> with --aws)""");
                return "help".equals(command) || "--help".equals(command) ? 0 : 2;
        }
    }

    /** --aws --table T [--region R] anywhere on the line: talk to a deployed stack's table. */
    /** A claim name for approver tokens: not one actgate already gives a meaning (docs/approvals.md); "none" clears it. */
    static String approverClaim(String claim) {
        if (claim.equals("none") || claim.isBlank()) {
            return null;
        }
        if (java.util.Set.of("isAdmin", "tenantKey", "workspaceKey", "iss", "id", "sub", "aud", "exp", "nbf", "iat", "jti", "purpose")
            .contains(claim) || !claim.matches("[A-Za-z_][A-Za-z0-9_.:-]{0,63}")) {
            throw new IllegalArgumentException("--approver-claim: '" + claim + "' cannot be the approver claim (a reserved or malformed name)");
        }
        return claim;
    }

    private static LocalStorage storage(Deque<String> args, LocalPaths paths) {
        java.util.List<String> rest = new java.util.ArrayList<>();
        boolean aws = false;
        String table = null;
        String region = null;
        while (!args.isEmpty()) {
            String a = args.pop();
            switch (a) {
                case "--aws" -> aws = true;
                case "--table" -> table = value(a, args);
                case "--region" -> region = value(a, args);
                default -> rest.add(a);
            }
        }
        args.addAll(rest);
        if (!aws) {
            return LocalStorage.attach(paths);
        }
        return LocalStorage.aws(region, require(table, "--table"));
    }

    private static int token(Deque<String> args, PrintStream out, LocalPaths paths) {
        String workspaceKey = null;
        String tenant = null;
        boolean manager = false;
        Duration ttl = Duration.ofHours(1);
        java.util.List<String> awsArgs = new java.util.ArrayList<>();
        while (!args.isEmpty()) {
            String a = args.pop();
            switch (a) {
                case "--aws" -> awsArgs.add(a);
                case "--table", "--region" -> {
                    awsArgs.add(a);
                    awsArgs.add(value(a, args));
                }
                case "--workspace" -> workspaceKey = value(a, args);
                case "--tenant" -> tenant = value(a, args);
                case "--manager" -> manager = true;
                case "--ttl" -> ttl = Tokens.parseDuration(value(a, args));
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (!manager && tenant == null) {
            tenant = DevServer.DEFAULT_TENANT;
        }
        try (LocalStorage storage = storage(new ArrayDeque<>(awsArgs), paths)) {
            Workspace w = findWorkspace(storage.workspaces(), workspaceKey == null ? defaultWorkspace(paths) : workspaceKey);
            out.println(Tokens.mint(w, tenant, manager, ttl));
        }
        return 0;
    }

    private static int workspace(Deque<String> args, PrintStream out, PrintStream err, LocalPaths paths) {
        String sub = args.isEmpty() ? "" : args.pop();
        String key = null;
        String name = null;
        Boolean captureBodies = null;
        Integer retentionDays = null;
        String approverClaim = null;
        String agentActions = null;
        Boolean agentApiRequest = null;
        Long maxTokenLifetime = null;      // security settings (issue 11)
        List<String> allowedOrigins = null;
        String alg = null;
        String pemFile = null;
        String kid = null;
        java.util.List<String> awsArgs = new java.util.ArrayList<>();
        while (!args.isEmpty()) {
            String a = args.pop();
            switch (a) {
                case "--key", "--workspace" -> key = value(a, args);
                case "--name" -> name = value(a, args);
                case "--capture-bodies" -> captureBodies = Boolean.parseBoolean(value(a, args));
                case "--retention-days" -> retentionDays = Integer.parseInt(value(a, args));
                case "--approver-claim" -> approverClaim = value(a, args);
                case "--agent-actions" -> agentActions = value(a, args);
                case "--agent-api-request" -> agentApiRequest = Boolean.parseBoolean(value(a, args));
                case "--max-token-lifetime-seconds" -> maxTokenLifetime = Long.parseLong(value(a, args));
                case "--allowed-origins" -> allowedOrigins = java.util.Arrays.stream(value(a, args).split(","))
                    .map(String::trim).filter(o -> !o.isEmpty()).toList();
                case "--alg" -> alg = value(a, args);
                case "--pem" -> pemFile = value(a, args);
                case "--kid" -> kid = value(a, args);
                case "--aws" -> awsArgs.add(a);
                case "--table", "--region" -> {
                    awsArgs.add(a);
                    awsArgs.add(value(a, args));
                }
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        try (LocalStorage storage = storage(new ArrayDeque<>(awsArgs), paths)) {
            WorkspaceService workspaces = storage.workspaces();
            switch (sub) {
                case "create" -> {
                    String k = key != null ? key : "ws-" + dev.actgate.shared.storage.Ids.randomToken(6).toLowerCase()
                        .replaceAll("[^a-z0-9]", "x");
                    Workspace w = workspaces.create(k, name);
                    out.println("workspaceKey=" + w.key());
                    out.println("workspaceSecret=" + w.secrets().get(0).value());
                    return 0;
                }
                case "rotate-secret" -> {
                    Workspace w = workspaces.rotateSecret(findWorkspace(workspaces, require(key, "--workspace")));
                    out.println("workspaceKey=" + w.key());
                    out.println("workspaceSecret=" + w.secrets().get(w.secrets().size() - 1).value());
                    err.println("Active secrets: " + w.secrets().size() + " (tokens signed with a retired secret are refused)");
                    return 0;
                }
                case "show" -> {
                    Workspace w = findWorkspace(workspaces, require(key, "--workspace"));
                    out.println("workspaceKey=" + w.key());
                    out.println("workspaceId=" + w.id());
                    out.println("secrets=" + w.secrets().stream().map(Workspace.SigningSecret::id).toList());
                    out.println("publicKeys=" + w.publicKeys().stream().map(Workspace.PublicKeyRegistration::kid).toList());
                    out.println("settings=" + w.settings());
                    return 0;
                }
                case "set" -> {
                    Workspace w = findWorkspace(workspaces, require(key, "--workspace"));
                    var settings = new dev.actgate.shared.workspaces.WorkspaceSettings(
                        captureBodies != null ? captureBodies : w.settings().captureBodies(),
                        retentionDays != null ? retentionDays : w.settings().runLogRetentionDays(),
                        approverClaim == null ? w.settings().approverClaim() : approverClaim(approverClaim),
                        new dev.actgate.shared.agents.AgentAccess(agentActions != null ? agentActions : w.settings().agents().actions(),
                            agentApiRequest != null ? agentApiRequest : w.settings().agents().apiRequestTool()),
                        maxTokenLifetime != null ? maxTokenLifetime : w.settings().maxTokenLifetimeSeconds(),
                        allowedOrigins != null ? allowedOrigins : w.settings().allowedOrigins());
                    Workspace next = workspaces.save(new Workspace(w.id(), w.key(), w.name(), w.secrets(), w.publicKeys(), settings,
                        w.createdAt(), w.version() + 1));
                    out.println("settings=" + next.settings());
                    return 0;
                }
                case "add-key" -> {
                    Workspace w = findWorkspace(workspaces, require(key, "--workspace"));
                    String algorithm = require(alg, "--alg").toUpperCase();
                    if (!algorithm.equals("RS256") && !algorithm.equals("ES256")) {
                        throw new IllegalArgumentException("--alg must be RS256 or ES256");
                    }
                    String pem;
                    try {
                        pem = java.nio.file.Files.readString(java.nio.file.Path.of(require(pemFile, "--pem")));
                        dev.actgate.shared.auth.WorkspaceTokenVerifier.parsePem(pem, algorithm.equals("ES256") ? "EC" : "RSA");
                    } catch (java.io.IOException | java.security.GeneralSecurityException | IllegalArgumentException e) {
                        throw new IllegalArgumentException("--pem must be a readable PEM public key (BEGIN PUBLIC KEY) for " + algorithm);
                    }
                    java.util.List<Workspace.PublicKeyRegistration> keys = new java.util.ArrayList<>(w.publicKeys());
                    keys.add(new Workspace.PublicKeyRegistration(kid != null ? kid : algorithm.toLowerCase() + "-" + (keys.size() + 1),
                        algorithm, pem));
                    Workspace next = workspaces.save(new Workspace(w.id(), w.key(), w.name(), w.secrets(), keys, w.settings(),
                        w.createdAt(), w.version() + 1));
                    out.println("publicKeys=" + next.publicKeys().stream().map(k -> k.kid() + ":" + k.alg()).toList());
                    return 0;
                }
                default -> throw new IllegalArgumentException("workspace needs a subcommand: create, rotate-secret, show, set or add-key");
            }
        }
    }

    /**
     * {@code api-key} / {@code client} {@code create|list|revoke}: server credentials of a workspace. {@code create}
     * prints only the secret on stdout (an API key; or {@code client_id=} and {@code client_secret=} lines), so it
     * can be captured by a shell; it is shown this once and stored only as a hash.
     */
    private static int serverCredentials(dev.actgate.shared.apikeys.ServerCredential.Kind kind, Deque<String> args, PrintStream out,
                                         PrintStream err, LocalPaths paths) {
        String sub = args.isEmpty() ? "" : args.pop();
        String key = null;
        String name = null;
        String id = null;
        Integer days = null;
        String table = null;
        java.util.List<String> awsArgs = new java.util.ArrayList<>();
        while (!args.isEmpty()) {
            String a = args.pop();
            switch (a) {
                case "--workspace" -> key = value(a, args);
                case "--name" -> name = value(a, args);
                case "--id" -> id = value(a, args);
                case "--expires-in-days" -> days = Integer.parseInt(value(a, args));
                case "--credentials-table" -> table = value(a, args);
                case "--aws" -> awsArgs.add(a);
                case "--table", "--region" -> {
                    awsArgs.add(a);
                    awsArgs.add(value(a, args));
                }
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (awsArgs.contains("--aws") && table == null) {
            throw new IllegalArgumentException("--credentials-table is required with --aws (the stack output ApiCredentialsTableName)");
        }
        String what = kind == dev.actgate.shared.apikeys.ServerCredential.Kind.API_KEY ? "api-key" : "client";
        try (LocalStorage storage = storage(new ArrayDeque<>(awsArgs), paths)) {
            Workspace w = findWorkspace(storage.workspaces(), key == null ? defaultWorkspace(paths) : key);
            var caller = new dev.actgate.shared.auth.Caller(w.id(), w.key(), null, true);
            var credentials = storage.apiCredentials(table);
            switch (sub) {
                case "create" -> {
                    var issued = credentials.create(caller, kind, new dev.actgate.shared.apikeys.CredentialRequest(name, null, days));
                    if (kind == dev.actgate.shared.apikeys.ServerCredential.Kind.API_KEY) {
                        out.println(issued.secret());
                    } else {
                        out.println("client_id=" + issued.credential().id());
                        out.println("client_secret=" + issued.secret());
                    }
                    err.println("Created " + what + " " + issued.credential().id() + " in workspace '" + w.key() + "'"
                        + (issued.credential().expiresAt() == null ? "" : ", expires " + issued.credential().expiresAt())
                        + ". It is shown only now.");
                    return 0;
                }
                case "list" -> {
                    for (var c : credentials.list(caller, kind)) {
                        out.println(c.id() + "\t" + c.prefix() + "\t" + (c.name() == null ? "-" : c.name()) + "\t"
                            + (c.active() ? "active" : c.revokedAt() != null ? "revoked" : "expired") + "\tlastUsed="
                            + (c.lastUsedAt() == null ? "never" : c.lastUsedAt()) + "\texpires=" + (c.expiresAt() == null ? "never" : c.expiresAt()));
                    }
                    return 0;
                }
                case "revoke" -> {
                    var c = credentials.revoke(caller, kind, require(id, "--id"));
                    out.println("revoked " + c.id());
                    return 0;
                }
                default -> throw new IllegalArgumentException(what + " needs a subcommand: create, list or revoke");
            }
        } catch (dev.actgate.shared.errors.ApiException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    private static String defaultWorkspace(LocalPaths paths) {
        Properties state = LocalStorage.readDevState(paths);
        return state.getProperty("workspace.default", DevServer.DEFAULT_WORKSPACE);
    }

    private static Workspace findWorkspace(WorkspaceService workspaces, String key) {
        return workspaces.find(key).orElseThrow(() -> new IllegalArgumentException(
            "no workspace '" + key + "' (start scripts/dev once to create the default workspace)"));
    }

    private static String value(String option, Deque<String> args) {
        if (args.isEmpty()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.pop();
    }

    private static String require(String value, String option) {
        if (value == null) {
            throw new IllegalArgumentException(option + " is required");
        }
        return value;
    }
}
