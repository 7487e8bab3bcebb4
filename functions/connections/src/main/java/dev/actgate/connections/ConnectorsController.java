package dev.actgate.connections;

import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorCode;
import dev.actgate.shared.integrations.Connector;
import dev.actgate.shared.integrations.ConnectorCatalog;
import dev.actgate.shared.integrations.ConnectorSummary;
import dev.actgate.shared.storage.Page;
import dev.actgate.shared.storage.PageRequest;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * The shipped connector catalog (what can be connected), readable by any token. The list is served from the
 * build-time summary index (no connector file is parsed); one connector in full is {@code GET /connectors/{key}}.
 */
@Controller("/connectors")
@Secured(SecurityRule.IS_AUTHENTICATED)
public record ConnectorsController(ConnectorCatalog catalog) {
    private static final String OFFSET = "offset:";

    /**
     * {@code search}: words that must all occur in the key, name, description or categories; {@code category}: one
     * category exactly; {@code limit}/{@code cursor}: pages like every other list (an opaque cursor, "0" or none for
     * the first page).
     */
    @Get
    public Page<ConnectorSummary> list(@Nullable @QueryValue String search, @Nullable @QueryValue String category,
                                       @Nullable @QueryValue String limit, @Nullable @QueryValue String cursor) {
        return page(catalog.search(search, category), PageRequest.of(limit, cursor));
    }

    @Get("/{key}")
    public Connector get(@PathVariable String key) {
        return catalog.find(key).orElseThrow(() -> ApiException.notFound(ErrorCode.CONNECTOR_NOT_FOUND, "Connector", key));
    }

    /** Offset pages with the same opaque cursor as the action list ({@code base64url("offset:<n>")}). */
    static <T> Page<T> page(List<T> items, PageRequest page) {
        int start = 0;
        if (page.cursor() != null) {
            try {
                String raw = new String(Base64.getUrlDecoder().decode(page.cursor()), StandardCharsets.UTF_8);
                if (!raw.startsWith(OFFSET)) {
                    throw new IllegalArgumentException();
                }
                start = Integer.parseInt(raw.substring(OFFSET.length()));
                if (start < 0) {
                    throw new IllegalArgumentException();
                }
            } catch (IllegalArgumentException e) {
                throw ApiException.validation("Invalid cursor: pass the cursor value from a previous page unchanged");
            }
        }
        int from = Math.min(start, items.size());
        int end = Math.min(items.size(), from + page.limit());
        String next = end < items.size()
            ? Base64.getUrlEncoder().withoutPadding().encodeToString((OFFSET + end).getBytes(StandardCharsets.UTF_8)) : null;
        return new Page<>(List.copyOf(items.subList(from, end)), next);
    }
}
