package dev.actgate.actions;

import dev.actgate.shared.errors.ApiException;

/** Query parameters as the SDK and the guide send them. */
final class Params {
    private Params() {
    }

    /** {@code 1}, {@code true}, {@code yes}. */
    static boolean isTrue(String value) {
        return "1".equals(value) || "true".equalsIgnoreCase(value) || "yes".equalsIgnoreCase(value);
    }

    /** A revision number (1 and up), or null. */
    static Integer version(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            int v = Integer.parseInt(value.trim());
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw ApiException.validation("version must be a whole number from 1 (a revision of the action)");
    }
}
