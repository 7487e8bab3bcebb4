package dev.actgate.local;

import dev.actgate.shared.workspaces.Workspace;
import dev.actgate.shared.workspaces.WorkspaceService;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

/**
 * {@code scripts/sam-local}'s Java half: creates every table of template.yaml in the DynamoDB Local container,
 * seeds the workspace {@code default}, writes {@code .actgate/sam-env.json} (local/sam/env.json with the shared
 * local master key filled in) and prints a manager token and a tenant token. Idempotent: run it again at will.
 */
public final class SamLocalSetup {
    private SamLocalSetup() {
    }

    public static void main(String[] args) throws Exception {
        URI endpoint = URI.create(args.length > 0 ? args[0] : "http://127.0.0.1:8000");
        LocalPaths paths = LocalPaths.fromWorkingDirectory();
        Path root = paths.root;
        Path state = root.resolve(".actgate");
        Files.createDirectories(state);
        Path keyFile = state.resolve("sam-master.key");
        if (!Files.exists(keyFile)) {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            Files.writeString(keyFile, "sam1=" + Base64.getEncoder().encodeToString(key) + "\n");
            keyFile.toFile().setReadable(false, false);
            keyFile.toFile().setReadable(true, true);
        }
        String keyLine = Files.readString(keyFile).strip();
        String env = Files.readString(root.resolve("local/sam/env.json")).replace("${ACTGATE_LOCAL_MASTER_KEY}", keyLine);
        Path envOut = state.resolve("sam-env.json");
        Files.writeString(envOut, env);
        try (LocalStorage storage = LocalStorage.endpoint(endpoint, paths).withMasterKeyFile(keyFile)) {
            WorkspaceService workspaces = storage.workspaces();
            Workspace w = workspaces.find(LocalRuntime.DEFAULT_WORKSPACE)
                .orElseGet(() -> workspaces.create(LocalRuntime.DEFAULT_WORKSPACE, "Default workspace"));
            System.err.println("tables created on " + endpoint + "; workspace '" + w.key() + "' ready; env file " + envOut);
            System.out.println("MANAGER_TOKEN=" + Tokens.mint(w, null, true, Duration.ofHours(1)));
            System.out.println("TENANT_TOKEN=" + Tokens.mint(w, LocalRuntime.DEFAULT_TENANT, false, Duration.ofHours(1)));
        }
    }
}
