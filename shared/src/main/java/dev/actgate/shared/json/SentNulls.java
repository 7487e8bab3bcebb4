package dev.actgate.shared.json;

import java.util.Set;

/**
 * A strict {@link TypedRequest} record that must know which of its top-level fields were sent as JSON {@code null}
 * — for a PATCH where null clears a field and leaving it out keeps it, which a record's null alone cannot tell.
 * {@link RequestBodyMapper} reads such a body, then hands the record the names.
 */
public interface SentNulls<T> {
    T withSentNulls(Set<String> fields);
}
