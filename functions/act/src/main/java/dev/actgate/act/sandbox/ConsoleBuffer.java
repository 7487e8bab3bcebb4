package dev.actgate.act.sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Console lines of one run, capped so a chatty loop cannot grow the run log (or the heap) without bound. Used only
 * by the thread running the code.
 */
final class ConsoleBuffer {
    static final int MAX_LINES = 1_000;
    static final int MAX_BYTES = 64 * 1024;
    static final String TRUNCATED = "[console output truncated]";

    private final List<ConsoleLine> lines = new ArrayList<>();
    private int bytes;
    private boolean truncated;

    /** Appends one line; false once the caps are reached, so the JavaScript side stops formatting. */
    boolean add(String level, String message) {
        if (truncated) {
            return false;
        }
        int size = utf8Length(message);
        if (lines.size() < MAX_LINES && bytes + size <= MAX_BYTES) {
            lines.add(new ConsoleLine(level, message, Instant.now()));
            bytes += size;
            return true;
        }
        // Keep what fits of the line that crossed the byte cap: it is often the one explaining the failure.
        if (lines.size() < MAX_LINES && bytes < MAX_BYTES) {
            lines.add(new ConsoleLine(level, prefixWithin(message, MAX_BYTES - bytes), Instant.now()));
        }
        lines.add(new ConsoleLine("warn", TRUNCATED, Instant.now()));
        truncated = true;
        return false;
    }

    List<ConsoleLine> lines() {
        return List.copyOf(lines);
    }

    /** The lines as plain maps, for an ApiException's data (serialized by whatever mapper the caller uses). */
    List<Map<String, Object>> asData() {
        List<Map<String, Object>> out = new ArrayList<>(lines.size());
        for (ConsoleLine line : lines) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("level", line.level());
            m.put("message", line.message());
            m.put("at", line.at().toString());
            out.add(m);
        }
        return out;
    }

    static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    private static String prefixWithin(String s, int maxBytes) {
        int end = 0;
        int used = 0;
        while (end < s.length()) {
            int cp = s.codePointAt(end);
            int len = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (used + len > maxBytes) {
                break;
            }
            used += len;
            end += Character.charCount(cp);
        }
        return s.substring(0, end);
    }
}
