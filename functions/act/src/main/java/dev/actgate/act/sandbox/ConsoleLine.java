package dev.actgate.act.sandbox;

import java.time.Instant;

/** One console call made by sandboxed code; level is log, info, warn, error or debug. */
public record ConsoleLine(String level, String message, Instant at) {
}
