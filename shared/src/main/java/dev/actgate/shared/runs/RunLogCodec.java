package dev.actgate.shared.runs;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The compressed form of a run log's summary and details (binary attributes {@code s} and {@code d}): one format byte,
 * then raw DEFLATE (java.util.zip, no zlib header) of the UTF-8 JSON, primed with a preset dictionary of the field names
 * and values every run log repeats. A small exchange (a few hundred bytes of JSON) compresses to about half with the
 * dictionary; without it DEFLATE has nothing to refer back to and saves little. Pure: no I/O.
 *
 * <p>The dictionary is part of the stored format: changing it needs a new format byte, and the reader keeps every old
 * one (items live for the retention period, 30 days by default).
 */
public final class RunLogCodec {
    /** Format 1: raw DEFLATE with {@link #DICTIONARY_1}. */
    static final byte FORMAT_1 = 1;

    /**
     * Text that run-log JSON repeats, most frequent last (DEFLATE codes nearer matches shorter). Never edit: add a new
     * format with a new dictionary instead.
     */
    static final byte[] DICTIONARY_1 = (
        "\"console\":[{\"level\":\"info\",\"message\":\"\",\"at\":\"" +
        "\"error\":{\"type\":\"action_run\",\"code\":\"UPSTREAM_ERROR\",\"message\":\"The external app answered \"," +
        "\"attribution\":\"external_app\",\"data\":{\"status\":\",\"body\":" +
        "\"waitedMillis\":\"bodyTruncated\":true,\"truncated\":true,\"detailsTruncated\":true," +
        "\"resolvedAction\":{\"id\":\"\",\"key\":\"\",\"name\":\"\",\"type\":\"api-request-to-external-app\",\"level\":\"workspace\",\"revision\":" +
        "\"code\":\"\"input\":{},\"meta\":{\"outcome\":\"failed\",\"in_doubt\",\"deadline\"," +
        "\"method\":\"POST\",\"body\":{\"title\":\"id\":\"done\":false}," +
        "{\"exchanges\":[{\"attempt\":1,\"startedAt\":\"2026-12-01T12:00:00.000Z\",\"method\":\"GET\",\"url\":\"https://127.0.0.1:" +
        "\",\"requestHeaders\":{\"accept\":[\"application/json\"],\"user-agent\":[\"actgate/0.1\"],\"traceparent\":[\"00-" +
        "\"x-api-key\":[\"[redacted]\"],\"authorization\":[\"[redacted]\"]},\"requestBody\":\"\",\"status\":200," +
        "\"responseHeaders\":{\"content-type\":[\"application/json\"],\"content-length\":[\"\"],\"date\":[\"Tue, 01 Dec 2026 12:00:00 GMT\"]}," +
        "\"responseBody\":\"[{\\\"id\\\":1,\\\"title\\\":\\\"\\\",\\\"done\\\":false},\",\"durationMillis\":}]}" +
        "{\"id\":\"run_\",\"workspaceId\":\"ws_\",\"tenantKey\":\"\",\"status\":\"success\",\"door\":\"act\"," +
        "\"action\":{\"connectionKey\":\"\",\"api\":{\"method\":\"GET\",\"path\":\"/\"}},\"connectionId\":\"conn_\"," +
        "\"connectionKey\":\"\",\"integrationId\":\"int_\",\"integrationKey\":\"\",\"output\":[{\"id\":1,\"title\":\"\"," +
        "\"done\":false},\"createdAt\":\"2026-12-01T12:00:00.000Z\",\"completedAt\":\"2026-12-01T12:00:00.000Z\"," +
        "\"duration\":\"attempts\":1,\"outcome\":\"succeeded\",\"expiresAt\":1800000000,\"traceId\":\""
    ).getBytes(StandardCharsets.UTF_8);

    private static final ThreadLocal<Deflater> DEFLATER = ThreadLocal.withInitial(() -> new Deflater(Deflater.BEST_COMPRESSION, true));

    private RunLogCodec() {
    }

    /** The compressed form of {@code json}; null for null. */
    public static byte[] pack(String json) {
        if (json == null) {
            return null;
        }
        byte[] input = json.getBytes(StandardCharsets.UTF_8);
        // One Deflater per thread, reset between uses: creating one allocates zlib's state (some 256 KB, natively) and
        // ending it frees it again, twice per run log (summary and details). A reset one produces the same bytes.
        Deflater deflater = DEFLATER.get();
        deflater.reset();
        deflater.setDictionary(DICTIONARY_1);
        deflater.setInput(input);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + input.length / 2);
        out.write(FORMAT_1);
        byte[] buffer = new byte[Math.max(256, Math.min(64 * 1024, input.length + 64))];
        while (!deflater.finished()) {
            int n = deflater.deflate(buffer);
            out.write(buffer, 0, n);
        }
        deflater.reset();   // drop the input reference; the next pack starts from here
        return out.toByteArray();
    }

    /** The JSON {@link #pack} was given; null for null. An unknown format or broken data is an error (a bug, not input). */
    public static String unpack(byte[] packed) {
        if (packed == null) {
            return null;
        }
        if (packed.length == 0 || packed[0] != FORMAT_1) {
            throw new IllegalStateException("Unknown run-log format " + (packed.length == 0 ? "(empty)" : Byte.toString(packed[0])));
        }
        Inflater inflater = new Inflater(true);
        try {
            inflater.setDictionary(DICTIONARY_1);
            // Raw ("nowrap") inflation needs one extra dummy byte after the data (java.util.zip.Inflater's contract).
            byte[] input = java.util.Arrays.copyOfRange(packed, 1, packed.length + 1);
            inflater.setInput(input);
            ByteArrayOutputStream out = new ByteArrayOutputStream(packed.length * 3);
            byte[] buffer = new byte[Math.max(1024, Math.min(64 * 1024, packed.length * 4))];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IllegalStateException("Truncated run-log data");
                }
                out.write(buffer, 0, n);
            }
            return out.toString(StandardCharsets.UTF_8);
        } catch (DataFormatException e) {
            throw new IllegalStateException("Unreadable run-log data", e);
        } finally {
            inflater.end();
        }
    }
}
