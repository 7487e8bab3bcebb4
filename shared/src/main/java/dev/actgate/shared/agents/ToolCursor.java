package dev.actgate.shared.agents;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The stateless {@code tools/list} cursor: the name of the last tool of the previous page and a hash of the URL
 * filters, base64url-encoded. The list is sorted by name, so the next page is "names after this one": pages stay
 * correct when tools are added or removed between two requests (keyset paging), and no server state is kept.
 */
public final class ToolCursor {
    static final String VERSION = "t1";

    private ToolCursor() {
    }

    public static final class Invalid extends Exception {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    public static String encode(String scope, String lastName) {
        String raw = VERSION + ":" + ToolNames.hash(scope) + ":" + lastName;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** The last name of the previous page. */
    public static String decode(String cursor, String scope) throws Invalid {
        String raw;
        try {
            raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new Invalid("Invalid cursor: pass nextCursor from the previous tools/list answer unchanged");
        }
        String[] parts = raw.split(":", 3);
        if (parts.length != 3 || !parts[0].equals(VERSION) || !ToolNames.VALID.matcher(parts[2]).matches()) {
            throw new Invalid("Invalid cursor: pass nextCursor from the previous tools/list answer unchanged");
        }
        if (!parts[1].equals(ToolNames.hash(scope))) {
            throw new Invalid("This cursor belongs to a tool list with other filters (URL query); start again without a cursor");
        }
        return parts[2];
    }
}
