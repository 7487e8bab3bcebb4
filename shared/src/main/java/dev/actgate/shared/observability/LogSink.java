package dev.actgate.shared.observability;

import jakarta.inject.Singleton;

/**
 * Where operator lines go: standard output, which Lambda ships to CloudWatch Logs as they are (a line that is
 * already JSON is not wrapped again under the JSON log format). One call per line, so lines never interleave.
 */
@Singleton
public class LogSink {
    public void line(String json) {
        System.out.println(json);
    }
}
