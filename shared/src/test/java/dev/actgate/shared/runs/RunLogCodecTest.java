package dev.actgate.shared.runs;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stored, compressed form of run-log JSON: lossless, small for the common run, and strict about its format. */
class RunLogCodecTest {
    static final String SMALL_SUMMARY = "{\"id\":\"run_01kbz8v6m3q2c4r5s6t7v8w9x0\",\"workspaceId\":\"ws_01kbz8v5a1b2c3d4e5f6g7h8j9\","
        + "\"tenantKey\":\"demo-user\",\"status\":\"success\",\"door\":\"act\",\"action\":{\"connectionKey\":\"todo\",\"api\":"
        + "{\"method\":\"GET\",\"path\":\"/todos\"}},\"connectionId\":\"conn_01kbz8v5k1m2n3p4q5r6s7t8v9\",\"connectionKey\":\"todo\","
        + "\"integrationId\":\"int_01kbz8v5w1x2y3z4a5b6c7d8e9\",\"integrationKey\":\"todo\",\"output\":[{\"id\":1,\"title\":\"Buy milk\","
        + "\"done\":false},{\"id\":2,\"title\":\"Write the report\",\"done\":true}],\"createdAt\":\"2026-12-01T11:02:03.456Z\","
        + "\"completedAt\":\"2026-12-01T11:02:03.470Z\",\"duration\":14,\"attempts\":1,\"outcome\":\"succeeded\","
        + "\"expiresAt\":1767265323,\"traceId\":\"4bf92f3577b34da6a3ce929d0e0e4736\"}";

    @Test
    void roundTripsAnyTextExactly() {
        for (String s : new String[] {"", "{}", SMALL_SUMMARY, "ünïcødé ✓ \uD83D\uDE00 \u0000 \"quotes\"", "x".repeat(300_000)}) {
            assertEquals(s, RunLogCodec.unpack(RunLogCodec.pack(s)));
        }
        assertNull(RunLogCodec.pack(null));
        assertNull(RunLogCodec.unpack(null));
    }

    @Test
    void aSmallRunCompressesToLessThanHalfThanksToTheDictionary() {
        byte[] packed = RunLogCodec.pack(SMALL_SUMMARY);
        int json = SMALL_SUMMARY.getBytes(StandardCharsets.UTF_8).length;
        assertTrue(packed.length * 2 < json, packed.length + " B packed from " + json + " B");
        assertEquals(RunLogCodec.FORMAT_1, packed[0]);
    }

    @Test
    void incompressibleTextGrowsByAFewBytesAtMost() {
        byte[] random = new byte[100_000];
        new Random(7).nextBytes(random);
        String text = java.util.Base64.getEncoder().encodeToString(random);
        byte[] packed = RunLogCodec.pack(text);
        assertTrue(packed.length <= text.length() + 64, packed.length + " vs " + text.length());
        assertEquals(text, RunLogCodec.unpack(packed));
    }

    @Test
    void anUnknownFormatOrBrokenDataIsRefused() {
        byte[] packed = RunLogCodec.pack(SMALL_SUMMARY);
        byte[] unknown = packed.clone();
        unknown[0] = 9;
        assertThrows(IllegalStateException.class, () -> RunLogCodec.unpack(unknown));
        assertThrows(IllegalStateException.class, () -> RunLogCodec.unpack(new byte[0]));
        byte[] cut = java.util.Arrays.copyOf(packed, packed.length / 2);
        assertThrows(IllegalStateException.class, () -> RunLogCodec.unpack(cut));
    }

    @Test
    void aReusedCompressorWritesTheSameBytesAsAFreshOne() throws Exception {
        String small = "{\"id\":\"run_1\",\"status\":\"success\",\"door\":\"act\"}";
        String other = "{\"exchanges\":[{\"attempt\":1,\"method\":\"GET\",\"status\":200,\"responseBody\":\"" + "x".repeat(5000) + "\"}]}";
        java.util.zip.Deflater fresh = new java.util.zip.Deflater(java.util.zip.Deflater.BEST_COMPRESSION, true);
        fresh.setDictionary(RunLogCodec.DICTIONARY_1);
        fresh.setInput(small.getBytes(StandardCharsets.UTF_8));
        fresh.finish();
        byte[] buffer = new byte[4096];
        int n = fresh.deflate(buffer);
        fresh.end();
        byte[] expected = new byte[n + 1];
        expected[0] = RunLogCodec.FORMAT_1;
        System.arraycopy(buffer, 0, expected, 1, n);
        RunLogCodec.pack(other);   // the thread's compressor has been used for something else first
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, RunLogCodec.pack(small));
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, RunLogCodec.pack(small));
        assertEquals(other, RunLogCodec.unpack(RunLogCodec.pack(other)));
    }
}
