package dev.actgate.shared.workspaces;

import java.time.Instant;
import java.util.List;

/**
 * A workspace: the unit of configuration and isolation. Tokens name it by {@code key}; storage keys use {@code id}.
 * It has one or two active HS256 signing secrets (two during a rotation) and optional registered public keys for
 * RS256/ES256 tokens.
 */
public record Workspace(String id, String key, String name, List<SigningSecret> secrets, List<PublicKeyRegistration> publicKeys,
                        WorkspaceSettings settings, Instant createdAt, long version) {

    public static final int MAX_ACTIVE_SECRETS = 2;

    public Workspace {
        secrets = secrets == null ? List.of() : List.copyOf(secrets);
        publicKeys = publicKeys == null ? List.of() : List.copyOf(publicKeys);
        settings = settings == null ? WorkspaceSettings.defaults() : settings;
    }

    public record SigningSecret(String id, String value, Instant createdAt) {
        @Override
        public String toString() {
            return "SigningSecret[id=" + id + ", createdAt=" + createdAt + "]";
        }
    }

    /** A public key in PEM (SubjectPublicKeyInfo) form, for tokens signed with the workspace's own private key. */
    public record PublicKeyRegistration(String kid, String alg, String pem) {
    }

    @Override
    public String toString() {
        return "Workspace[id=" + id + ", key=" + key + "]";
    }
}
