package dev.actgate.shared.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.actgate.shared.storage.JsonAttributes;

import java.util.ArrayList;
import java.util.List;

/**
 * What of a run goes into its stored item, and how a run too large for one DynamoDB item is cut down to fit
 * (docs/run-logs.md). Pure: it turns a {@link RunLog} into the summary and details JSON the repository stores, with
 * every cap and truncation marker applied to the uncompressed text — the sizes the API promises — before the
 * repository compresses it. No I/O, so it is unit-tested on its own ({@code RunLogSizePolicyTest}).
 */
public final class RunLogSizePolicy {
    /** Details beyond this (UTF-8 bytes) are cut (bodies first, then exchanges from the middle). */
    public static final int MAX_DETAILS_BYTES = 280_000;
    /** A summary beyond this has its large input or output replaced by a marker. */
    public static final int MAX_SUMMARY_BYTES = 90_000;
    /** DynamoDB items stop at 400 KB (409,600 bytes) including attribute names; the rest is margin. */
    public static final int MAX_ITEM_BYTES = 395_000;
    static final int MAX_CONSOLE_BYTES = 64 * 1024;
    /** Bodies of a run whose details are over budget are cut to this many characters. */
    static final int SHRUNK_BODY_CHARS = 1024;
    static final String CLIP_MARKER = "…[truncated]";

    /** The stored details of a run: its exchanges with the app and its console lines. */
    record Details(List<RunExchange> exchanges, List<RunLog.ConsoleEntry> console, Boolean truncated) {
    }

    /**
     * What to store: the summary (everything the listing answers) and the details, as JSON text, and whether anything
     * was cut.
     */
    public record Fitted(String summaryJson, String detailsJson, boolean truncated) {
    }

    private final JsonAttributes json;

    public RunLogSizePolicy(JsonAttributes json) {
        this.json = json;
    }

    /**
     * Fits a run into one item. {@code otherBytes} is what the item's other attributes (keys, filter attributes,
     * attribute names) take, so the summary gets what is left.
     */
    public Fitted fit(RunLog log, int otherBytes) {
        boolean truncated = Boolean.TRUE.equals(log.detailsTruncated());
        String details = json.write(new Details(log.exchanges(), log.console(), truncated ? Boolean.TRUE : null));
        if (utf8Length(details) > MAX_DETAILS_BYTES) {
            details = json.write(shrink(log.exchanges(), log.console()));
            truncated = true;
        }
        RunLog summary = summaryOf(log, truncated);
        String summaryJson = json.write(summary);
        if (utf8Length(summaryJson) > MAX_SUMMARY_BYTES) {
            summaryJson = json.write(new RunLog(summary.id(), summary.workspaceId(), summary.tenantKey(), summary.status(),
                summary.door(), summary.action(), summary.resolvedAction(), summary.connectionId(), summary.connectionKey(),
                summary.integrationId(), summary.integrationKey(), fits(summary.input()), fits(summary.output()),
                summary.error(), summary.meta(), summary.createdAt(), summary.completedAt(), summary.duration(),
                summary.attempts(), summary.outcome(), null, null, summary.detailsTruncated(), summary.expiresAt(),
                summary.traceId()));
        }
        // Whatever is still too large (the action's body or code, the error's data, meta) gives way too: the item
        // must fit in DynamoDB, or the run log would be lost altogether.
        int room = MAX_ITEM_BYTES - utf8Length(details) - otherBytes;
        if (utf8Length(summaryJson) > room) {
            summaryJson = json.write(fitSummary(json.read(summaryJson, ObjectNode.class), room));
        }
        return new Fitted(summaryJson, details, truncated);
    }

    private ObjectNode marker(int bytes) {
        return json.mapper().createObjectNode().put("truncated", true).put("bytes", bytes)
            .put("reason", "larger than the run log keeps; see the details' bodies");
    }

    private JsonNode fits(JsonNode node) {
        if (node == null) {
            return null;
        }
        int bytes = utf8Length(json.write(node));
        return bytes > MAX_SUMMARY_BYTES / 3 ? marker(bytes) : node;
    }

    /** Replaces the largest values under action, input, output, meta and error.data by a marker until it fits. */
    private ObjectNode fitSummary(ObjectNode summary, int room) {
        for (int guard = 0; guard < 1_000 && utf8Length(json.write(summary)) > room; guard++) {
            ContainerNode<?> parent = null;
            String field = null;
            int index = -1;
            int size = 0;
            List<ObjectNode> holders = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (String f : List.of("action", "input", "output", "meta")) {
                holders.add(summary);
                names.add(f);
            }
            if (summary.path("error").isObject()) {
                holders.add((ObjectNode) summary.get("error"));
                names.add("data");
            }
            for (int k = 0; k < holders.size(); k++) {
                JsonNode v = holders.get(k).get(names.get(k));
                int bytes = v == null ? 0 : utf8Length(json.write(v));
                if (bytes > size) {
                    parent = holders.get(k);
                    field = names.get(k);
                    size = bytes;
                }
            }
            if (parent == null || size <= 256) {
                break;   // nothing left that could give way
            }
            // Go down while one value holds a good part of it (an api.body inside the action, say), so the rest stays.
            JsonNode node = parent.get(field);
            while (node.isContainerNode()) {
                String childField = null;
                int childIndex = -1;
                int biggest = 0;
                if (node.isArray()) {
                    for (int k = 0; k < node.size(); k++) {
                        int bytes = utf8Length(json.write(node.get(k)));
                        if (bytes > biggest) {
                            biggest = bytes;
                            childIndex = k;
                        }
                    }
                } else {
                    for (var it = node.fields(); it.hasNext(); ) {
                        var e = it.next();
                        int bytes = utf8Length(json.write(e.getValue()));
                        if (bytes > biggest) {
                            biggest = bytes;
                            childField = e.getKey();
                        }
                    }
                }
                if (biggest * 4 < size || biggest <= 256) {
                    break;
                }
                parent = (ContainerNode<?>) node;
                field = childField;
                index = childIndex;
                node = childField != null ? node.get(childField) : node.get(childIndex);
                size = biggest;
            }
            if (field != null) {
                ((ObjectNode) parent).set(field, marker(size));
            } else {
                ((ArrayNode) parent).set(index, marker(size));
            }
        }
        return summary;
    }

    /** DynamoDB counts an item's size in UTF-8 bytes. */
    public static int utf8Length(String s) {
        if (s == null) {
            return 0;
        }
        int n = 0;
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && k + 1 < s.length() && Character.isLowSurrogate(s.charAt(k + 1))) {
                n += 4;
                k++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    private static RunLog summaryOf(RunLog l, boolean truncated) {
        return new RunLog(l.id(), l.workspaceId(), l.tenantKey(), l.status(), l.door(), l.action(), l.resolvedAction(),
            l.connectionId(), l.connectionKey(), l.integrationId(), l.integrationKey(), l.input(), l.output(), l.error(),
            l.meta(), l.createdAt(), l.completedAt(), l.duration(), l.attempts(), l.outcome(), null, null,
            truncated ? Boolean.TRUE : null, l.expiresAt(), l.traceId());
    }

    /**
     * Keeps every exchange's metadata; cuts bodies to 1 KB and the console to its first lines, then drops exchanges
     * from the middle if needed; as a last resort (huge headers or URLs) drops the headers and cuts URLs and bodies
     * further.
     */
    private Details shrink(List<RunExchange> exchanges, List<RunLog.ConsoleEntry> console) {
        List<RunExchange> cut = new ArrayList<>();
        for (RunExchange e : exchanges == null ? List.<RunExchange>of() : exchanges) {
            cut.add(new RunExchange(e.attempt(), e.startedAt(), e.waitedMillis(), e.method(), e.url(), e.requestHeaders(),
                clip(e.requestBody(), SHRUNK_BODY_CHARS), e.status(), e.responseHeaders(), clip(e.responseBody(), SHRUNK_BODY_CHARS),
                e.durationMillis(), clip(e.error(), SHRUNK_BODY_CHARS), Boolean.TRUE));
        }
        List<RunLog.ConsoleEntry> lines = null;
        if (console != null) {
            lines = new ArrayList<>();
            int bytes = 0;
            for (RunLog.ConsoleEntry c : console) {
                RunLog.ConsoleEntry clipped = new RunLog.ConsoleEntry(c.level(), clip(c.message(), 1024), c.at());
                bytes += utf8Length(clipped.message()) + 64;
                if (lines.size() >= 200 || bytes > MAX_CONSOLE_BYTES) {
                    break;
                }
                lines.add(clipped);
            }
        }
        Details d = new Details(cut, lines, Boolean.TRUE);
        while (utf8Length(json.write(d)) > MAX_DETAILS_BYTES && d.exchanges().size() > 2) {
            List<RunExchange> fewer = new ArrayList<>(d.exchanges());
            fewer.remove(fewer.size() / 2);
            d = new Details(fewer, lines, Boolean.TRUE);
        }
        if (utf8Length(json.write(d)) > MAX_DETAILS_BYTES) {
            List<RunExchange> bare = new ArrayList<>();
            for (RunExchange e : d.exchanges()) {
                bare.add(new RunExchange(e.attempt(), e.startedAt(), e.waitedMillis(), e.method(), clip(e.url(), 2048), null,
                    clip(e.requestBody(), 256), e.status(), null, clip(e.responseBody(), 256), e.durationMillis(),
                    clip(e.error(), 256), Boolean.TRUE));
            }
            d = new Details(bare, lines, Boolean.TRUE);
        }
        return d;
    }

    /** Cuts {@code s} to at most {@code max} characters, never between the two halves of a surrogate pair. */
    static String clip(String s, int max) {
        if (s == null || s.length() <= max) {
            return s;
        }
        int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
        return s.substring(0, end) + CLIP_MARKER;
    }
}
