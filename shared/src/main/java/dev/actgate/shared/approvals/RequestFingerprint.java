package dev.actgate.shared.approvals;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;

/**
 * What an approval approves: SHA-256 over a canonical text of the resolved dispatch — workspace, tenant, action id
 * and revision and type, connection, integration, input, inline api spec, inline code. Object keys are sorted and
 * numbers written by value, so the same request spelled differently has the same fingerprint; any change to what
 * would run changes it. Caller-side labels (door, idempotency key, run id) are not part of it.
 */
public final class RequestFingerprint {
    private RequestFingerprint() {
    }

    public static String of(GatedRequest r) {
        StringBuilder sb = new StringBuilder("actgate-approval-v1\n");
        line(sb, "workspace", r.workspaceId());
        line(sb, "tenant", r.tenantKey());
        line(sb, "actionId", r.actionId());
        line(sb, "actionKey", r.actionKey());
        line(sb, "actionType", r.actionType());
        line(sb, "revision", r.actionRevision() == null ? null : r.actionRevision().toString());
        line(sb, "connection", r.connectionId());
        line(sb, "integration", r.integrationId());
        sb.append("input=");
        canonical(r.input(), sb);
        sb.append("\napi=");
        canonical(r.api(), sb);
        sb.append('\n');
        line(sb, "code", r.code());
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void line(StringBuilder sb, String name, String value) {
        sb.append(name).append('=').append(value == null ? "\u0000" : value.replace("\n", "\\n")).append('\n');
    }

    static void canonical(JsonNode n, StringBuilder sb) {
        if (n == null || n.isMissingNode() || n.isNull()) {
            sb.append("null");
        } else if (n.isObject()) {
            List<String> names = new ArrayList<>();
            for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
                names.add(it.next());
            }
            names.sort(null);
            sb.append('{');
            for (int i = 0; i < names.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append(com.fasterxml.jackson.databind.node.TextNode.valueOf(names.get(i)).toString()).append(':');
                canonical(n.get(names.get(i)), sb);
            }
            sb.append('}');
        } else if (n.isArray()) {
            sb.append('[');
            for (int i = 0; i < n.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                canonical(n.get(i), sb);
            }
            sb.append(']');
        } else if (n.isNumber()) {
            sb.append(n.decimalValue().stripTrailingZeros().toPlainString());
        } else {
            sb.append(n.toString());
        }
    }
}
