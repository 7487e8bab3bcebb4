package dev.actgate.shared.storage;

import dev.actgate.shared.errors.ApiException;

/** {@code limit} (1–1000, default 100) and an opaque {@code cursor} ({@code 0} or none: the first page). */
public record PageRequest(int limit, String cursor) {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    public static PageRequest of(String limit, String cursor) {
        int parsed = DEFAULT_LIMIT;
        if (limit != null && !limit.isBlank()) {
            try {
                parsed = Integer.parseInt(limit.trim());
            } catch (NumberFormatException e) {
                throw ApiException.validation("limit must be a whole number from 1 to " + MAX_LIMIT);
            }
            if (parsed < 1 || parsed > MAX_LIMIT) {
                throw ApiException.validation("limit must be a whole number from 1 to " + MAX_LIMIT);
            }
        }
        // The official SDK's findAll() asks for the first page with cursor "0".
        return new PageRequest(parsed, cursor == null || cursor.isBlank() || cursor.equals("0") ? null : cursor);
    }
}
