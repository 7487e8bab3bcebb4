package dev.actgate.shared.upstream;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What the external app answered. Header names are lower-case. */
public record UpstreamResponse(int status, Map<String, List<String>> headers, byte[] body, long durationMillis) {

    public String header(String name) {
        List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}
