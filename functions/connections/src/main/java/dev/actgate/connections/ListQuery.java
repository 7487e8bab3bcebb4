package dev.actgate.connections;

import dev.actgate.shared.storage.PageRequest;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.QueryValue;

/**
 * The query parameters both lists of this function take ({@code GET /connections}, {@code GET /integrations}):
 * words to search for, whether archived items are listed too, and the page.
 */
@Introspected
public record ListQuery(@Nullable @QueryValue String search, @Nullable @QueryValue String includeArchived,
                        @Nullable @QueryValue String limit, @Nullable @QueryValue String cursor) {

    boolean withArchived() {
        return Flags.isTrue(includeArchived);
    }

    PageRequest page() {
        return PageRequest.of(limit, cursor);
    }
}
