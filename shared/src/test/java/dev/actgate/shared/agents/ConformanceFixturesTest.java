package dev.actgate.shared.agents;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConformanceFixturesTest {
    @Test
    void offByDefaultAndNeverInsideLambda() {
        assertFalse(new ConformanceFixtures(false, Map.of()).enabled());
        assertTrue(new ConformanceFixtures(true, Map.of()).enabled());
        assertFalse(new ConformanceFixtures(true, Map.of("AWS_LAMBDA_FUNCTION_NAME", "actgate-act")).enabled(),
            "a deployment cannot turn the fixtures on");
    }

    @Test
    void fixturesAnswerWhatTheSuiteChecks() {
        ConformanceFixtures f = new ConformanceFixtures(true, Map.of());
        assertEquals(6, f.tools().size());
        f.tools().forEach(t -> assertTrue(f.call(t.name()).isPresent(), t.name()));
        assertTrue(f.call("test_error_handling").orElseThrow().path("isError").asBoolean());
        assertEquals("audio/wav", f.call("test_audio_content").orElseThrow().at("/content/0/mimeType").asText());
        assertEquals(3, f.call("test_multiple_content_types").orElseThrow().path("content").size());
        assertTrue(f.call("other").isEmpty());
    }
}
