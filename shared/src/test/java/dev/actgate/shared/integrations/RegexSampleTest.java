package dev.actgate.shared.integrations;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegexSampleTest {
    @Test
    void samplesMatchTheirPattern() {
        for (String p : List.of("^[0-9]+$", "^[A-Z][A-Z0-9]+-[0-9]+$", "^\\+[1-9]\\d{1,14}$", "^#?[0-9a-fA-F]{6}$",
            "^\\d{4}-\\d{2}-\\d{2}$", "^(https?)://[^\\s/]+(/.*)?$", "^[a-z0-9_-]{3,40}$", "^(?:C|G|D)[A-Z0-9]{8,}$",
            "^[^@\\s]+@[^@\\s]+\\.[a-z]{2,}$", "^[A-Za-z0-9._~-]+/[A-Za-z0-9._~-]+$", "^v[0-9]+(\\.[0-9]+){0,2}$")) {
            String s = RegexSample.of(p);
            assertTrue(s != null && Pattern.compile(p).matcher(s).find(), p + " → " + s);
        }
        assertNull(RegexSample.of("^(a)\\1$"), "back-references are not attempted");
        assertNull(RegexSample.of("^(?=x)x$"), "nor look-arounds");
    }
}
