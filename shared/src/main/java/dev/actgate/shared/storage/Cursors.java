package dev.actgate.shared.storage;

import dev.actgate.shared.errors.ApiException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Opaque pagination cursors, one format for every list: base64url of {@code name␟value␟…} pairs. A query's cursor
 * carries only the sort-key side of DynamoDB's LastEvaluatedKey; the partition side is always rebuilt from the
 * caller's own scope, so a crafted cursor can never read another tenant's partition. A list assembled in memory
 * (action discovery) pages by {@code offset} in the same format.
 */
public final class Cursors {
    private static final char SEP = '\u001f';
    private static final String OFFSET = "offset";

    private Cursors() {
    }

    /** Encodes the non-partition attributes of {@code lastKey} (all string-valued in our schemas). */
    public static String encode(Map<String, AttributeValue> lastKey, String partitionAttribute) {
        if (lastKey == null || lastKey.isEmpty()) {
            return null;
        }
        Map<String, String> fields = new TreeMap<>();
        lastKey.forEach((k, v) -> {
            if (!k.equals(partitionAttribute)) {
                fields.put(k, v.s());
            }
        });
        return format(fields);
    }

    /** Decodes a cursor and puts the caller's own partition value back. Rejects anything malformed with 400. */
    public static Map<String, AttributeValue> decode(String cursor, String partitionAttribute, String partitionValue,
                                                     Set<String> allowedAttributes) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        Map<String, String> fields = parse(cursor);
        Map<String, AttributeValue> key = new HashMap<>();
        fields.forEach((name, value) -> {
            if (!allowedAttributes.contains(name) || name.equals(partitionAttribute)) {
                throw invalid();
            }
            key.put(name, AttributeValue.fromS(value));
        });
        key.put(partitionAttribute, AttributeValue.fromS(partitionValue));
        return key;
    }

    /** The cursor of the page that starts at {@code offset} in a list built in memory. */
    public static String encodeOffset(int offset) {
        return format(Map.of(OFFSET, Integer.toString(offset)));
    }

    /** The offset a cursor from {@link #encodeOffset} points at; 0 without a cursor; 400 for anything else. */
    public static int decodeOffset(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return 0;
        }
        Map<String, String> fields = parse(cursor);
        if (fields.size() != 1 || !fields.containsKey(OFFSET)) {
            throw invalid();
        }
        try {
            int offset = Integer.parseInt(fields.get(OFFSET));
            if (offset < 0) {
                throw invalid();
            }
            return offset;
        } catch (NumberFormatException e) {
            throw invalid();
        }
    }

    private static String format(Map<String, String> fields) {
        StringBuilder sb = new StringBuilder();
        fields.forEach((k, v) -> sb.append(k).append(SEP).append(v).append(SEP));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> parse(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String[] parts = raw.split(String.valueOf(SEP), -1);
            if (parts.length < 3 || parts.length % 2 != 1 || !parts[parts.length - 1].isEmpty()) {
                throw invalid();
            }
            Map<String, String> fields = new LinkedHashMap<>();
            for (int i = 0; i + 1 < parts.length; i += 2) {
                if (fields.put(parts[i], parts[i + 1]) != null) {
                    throw invalid();
                }
            }
            return fields;
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
    }

    private static ApiException invalid() {
        return ApiException.validation("Invalid cursor: pass the cursor value from a previous page unchanged");
    }
}
