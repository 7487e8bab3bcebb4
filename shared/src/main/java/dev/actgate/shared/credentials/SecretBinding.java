package dev.actgate.shared.credentials;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The record a secret belongs to. It is authenticated (never encrypted) alongside the secret: as AES-GCM associated
 * data and as the KMS encryption context, so a sealed secret copied onto another record, tenant or workspace does
 * not open there. All three ids must be non-empty; a record that belongs to no tenant names a fixed marker.
 */
public record SecretBinding(String workspaceId, String tenantKey, String recordId) {
    // Versioned so a future change of the encoding cannot be confused with this one.
    private static final byte[] LABEL = "actgate-secret-binding-v1".getBytes(StandardCharsets.UTF_8);

    public SecretBinding {
        require(workspaceId, "workspaceId");
        require(tenantKey, "tenantKey");
        require(recordId, "recordId");
    }

    /**
     * Unambiguous encoding: each part is a 4-byte big-endian length then its UTF-8 bytes, so
     * ("a|b", "c") and ("a", "b|c") never encode alike.
     */
    public byte[] associatedData() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        for (byte[] part : new byte[][] {LABEL, utf8(workspaceId), utf8(tenantKey), utf8(recordId)}) {
            out.writeBytes(ByteBuffer.allocate(4).putInt(part.length).array());
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** The KMS encryption context; KMS compares it as a map, so no encoding is needed. Shows up in CloudTrail. */
    public Map<String, String> encryptionContext() {
        return Map.of("workspaceId", workspaceId, "tenantKey", tenantKey, "recordId", recordId);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void require(String value, String name) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("SecretBinding." + name + " must not be empty");
        }
    }
}
