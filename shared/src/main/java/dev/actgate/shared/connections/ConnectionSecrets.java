package dev.actgate.shared.connections;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.actgate.shared.credentials.CredentialCipher;
import dev.actgate.shared.credentials.SealedSecret;
import dev.actgate.shared.credentials.SecretBinding;
import jakarta.inject.Singleton;
import io.micronaut.context.BeanProvider;

import java.io.IOException;
import java.util.Map;

/**
 * Seals and opens a connection's credentials. Each sealed secret is bound to its workspace, tenant and connection
 * ({@link SecretBinding}), so a sealed value copied onto another record does not open. The cipher is looked up on
 * first use: functions that never open credentials never load KMS.
 */
@Singleton
public class ConnectionSecrets {
    private final BeanProvider<CredentialCipher> cipher;
    private final ObjectMapper json;

    public ConnectionSecrets(BeanProvider<CredentialCipher> cipher, ObjectMapper json) {
        this.cipher = cipher;
        this.json = json;
    }

    /** The credentials of {@code c}, opened; none (no fields) when it holds none. */
    public ConnectionCredentials open(Connection c) {
        if (c.credentials() == null) {
            return ConnectionCredentials.ofFields(Map.of());
        }
        byte[] plain = cipher.get().open(c.credentials(), new SecretBinding(c.workspaceId(), c.tenantKey(), c.id()));
        try {
            return json.readValue(plain, ConnectionCredentials.class);
        } catch (IOException e) {
            throw new IllegalStateException("Stored credentials are unreadable", e);
        }
    }

    /** {@code credentials} sealed for the connection {@code connectionId} of that workspace and tenant. */
    public SealedSecret seal(String workspaceId, String tenantKey, String connectionId, ConnectionCredentials credentials) {
        try {
            return cipher.get().seal(json.writeValueAsBytes(credentials), new SecretBinding(workspaceId, tenantKey, connectionId));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
