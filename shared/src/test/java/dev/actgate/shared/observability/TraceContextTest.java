package dev.actgate.shared.observability;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TraceContextTest {
    static final String VALID = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void aValidTraceparentIsJoined() {
        TraceContext t = TraceContext.from(VALID, "vendor=abc");
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", t.traceId());
        assertEquals("00f067aa0ba902b7", t.parentId());
        assertEquals("vendor=abc", t.tracestate());
        String child = t.childTraceparent();
        assertTrue(child.matches("00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01"), child);
        assertNotEquals("00f067aa0ba902b7", child.substring(36, 52), "each call is a new span");
        assertNotEquals(t.childTraceparent(), t.childTraceparent());
    }

    @Test
    void anythingElseStartsANewTrace() {
        for (String bad : new String[] {null, "", "garbage", "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01", "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", VALID + "-extra"}) {
            TraceContext t = TraceContext.from(bad, "x=y");
            assertTrue(t.traceId().matches("[0-9a-f]{32}"), String.valueOf(bad));
            assertNotEquals("4bf92f3577b34da6a3ce929d0e0e4736", t.traceId(), String.valueOf(bad));
            assertNull(t.parentId());
            assertNull(t.tracestate(), "a tracestate without a valid traceparent is dropped");
        }
    }
}
