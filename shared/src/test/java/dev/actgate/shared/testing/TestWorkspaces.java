package dev.actgate.shared.testing;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.actgate.shared.auth.WorkspaceTokenVerifier;
import dev.actgate.shared.storage.Ids;
import dev.actgate.shared.workspaces.DynamoWorkspaceRepository;
import dev.actgate.shared.workspaces.Workspace;
import dev.actgate.shared.workspaces.WorkspaceService;

import java.time.Duration;
import java.util.Date;
import java.util.Map;

/** Creates throwaway workspaces in the test DynamoDB and mints real HS256 tokens for them. */
public final class TestWorkspaces {
    private TestWorkspaces() {
    }

    public static WorkspaceService service() {
        return new WorkspaceService(new DynamoWorkspaceRepository(TestStorage.enhanced(), TestStorage.tableNames(), TestStorage.JSON,
            cipher()));
    }

    private static dev.actgate.shared.credentials.CredentialCipher cipher;

    /** The test JVM's credential cipher, on the same master key file the functions under test use: secrets are sealed. */
    public static synchronized dev.actgate.shared.credentials.CredentialCipher cipher() {
        if (cipher == null) {
            cipher = new dev.actgate.shared.credentials.CredentialCipher(
                new dev.actgate.shared.credentials.LocalMasterKeyProvider(java.nio.file.Path.of(TestStorage.masterKeyFile())));
        }
        return cipher;
    }

    public static Workspace create() {
        return service().create("ws-" + Ids.randomToken(6).toLowerCase().replace('_', 'x').replace('-', 'y'), "Test workspace");
    }

    public static String secret(Workspace w) {
        return w.secrets().get(w.secrets().size() - 1).value();
    }

    public static String tenantToken(Workspace w, String tenant) {
        return sign(w, Map.of("workspaceKey", w.key(), "tenantKey", tenant), Duration.ofMinutes(10));
    }

    public static String managerToken(Workspace w) {
        return sign(w, Map.of("workspaceKey", w.key(), "isAdmin", true), Duration.ofMinutes(10));
    }

    public static String managerToken(Workspace w, String tenant) {
        return sign(w, Map.of("workspaceKey", w.key(), "isAdmin", true, "tenantKey", tenant), Duration.ofMinutes(10));
    }

    public static String sign(Workspace w, Map<String, Object> claims, Duration ttl) {
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder();
        claims.forEach(b::claim);
        if (ttl != null) {
            b.expirationTime(new Date(System.currentTimeMillis() + ttl.toMillis()));
        }
        return WorkspaceTokenVerifier.signHs256(secret(w), b.build());
    }
}
