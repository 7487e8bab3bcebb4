package dev.actgate.local;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.actgate.shared.auth.WorkspaceTokenVerifier;
import dev.actgate.shared.workspaces.Workspace;

import java.time.Duration;
import java.util.Date;

/** Mints workspace tokens for the CLI and the dev banner, signed with the workspace's newest secret. */
final class Tokens {
    private Tokens() {
    }

    static String mint(Workspace workspace, String tenant, boolean manager, Duration ttl) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
            .claim("workspaceKey", workspace.key())
            .issueTime(new Date())
            .expirationTime(new Date(System.currentTimeMillis() + ttl.toMillis()));
        if (tenant != null) {
            claims.claim("tenantKey", tenant);
        }
        if (manager) {
            claims.claim("isAdmin", true);
        }
        Workspace.SigningSecret newest = workspace.secrets().get(workspace.secrets().size() - 1);
        return WorkspaceTokenVerifier.signHs256(newest.value(), claims.build());
    }

    /** Parses 90s, 15m, 12h, 7d (or a plain number of seconds). */
    static Duration parseDuration(String text) {
        String t = text.trim().toLowerCase();
        try {
            char unit = t.charAt(t.length() - 1);
            if (Character.isDigit(unit)) {
                return Duration.ofSeconds(Long.parseLong(t));
            }
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (unit) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> throw new IllegalArgumentException();
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Invalid duration '" + text + "': use e.g. 90s, 15m, 12h or 7d");
        }
    }
}
