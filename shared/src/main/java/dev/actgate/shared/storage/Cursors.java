package dev.actgate.shared.storage;

import dev.actgate.shared.errors.ApiException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * Opaque pagination cursors. A cursor carries only the sort-key side of DynamoDB's LastEvaluatedKey; the partition
 * side is always rebuilt from the caller's own scope, so a crafted cursor can never read another tenant's partition.
 */
public final class Cursors {
    private static final char SEP = '\u001f';

    private Cursors() {
    }

    /** Encodes the non-partition attributes of {@code lastKey} (all string-valued in our schemas). */
    public static String encode(Map<String, AttributeValue> lastKey, String partitionAttribute) {
        if (lastKey == null || lastKey.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        lastKey.entrySet().stream()
            .filter(e -> !e.getKey().equals(partitionAttribute))
            .sorted(Map.Entry.comparingByKey())
            .forEach(e -> sb.append(e.getKey()).append(SEP).append(e.getValue().s()).append(SEP));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Decodes a cursor and puts the caller's own partition value back. Rejects anything malformed with 400. */
    public static Map<String, AttributeValue> decode(String cursor, String partitionAttribute, String partitionValue,
                                                     java.util.Set<String> allowedAttributes) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String[] parts = raw.split(String.valueOf(SEP), -1);
            if (parts.length < 3 || parts.length % 2 != 1 || !parts[parts.length - 1].isEmpty()) {
                throw new IllegalArgumentException("shape");
            }
            Map<String, AttributeValue> key = new HashMap<>();
            for (int i = 0; i + 1 < parts.length; i += 2) {
                if (!allowedAttributes.contains(parts[i]) || parts[i].equals(partitionAttribute)) {
                    throw new IllegalArgumentException("attribute");
                }
                key.put(parts[i], AttributeValue.fromS(parts[i + 1]));
            }
            key.put(partitionAttribute, AttributeValue.fromS(partitionValue));
            return key;
        } catch (IllegalArgumentException e) {
            throw ApiException.validation("Invalid cursor: pass the cursor value from a previous page unchanged");
        }
    }
}
