package dev.actgate.shared.testing;

import dev.actgate.shared.runs.RunLogCodec;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Raw run-log items as a test inspects them: the compressed summary and details ({@code s}, {@code d}) unpacked to
 * their JSON text, so a check that a secret or a body is absent from the stored item reads what is really stored —
 * not compressed bytes, in which no plain text could ever be found.
 */
public final class StoredRunLogs {
    private StoredRunLogs() {
    }

    /** The item with {@code s} and {@code d} as string attributes of their JSON; every other attribute as it is. */
    public static Map<String, AttributeValue> readable(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        item.forEach((name, value) -> out.put(name, value.b() != null && (name.equals("s") || name.equals("d"))
            ? AttributeValue.fromS(RunLogCodec.unpack(value.b().asByteArray())) : value));
        return out;
    }
}
