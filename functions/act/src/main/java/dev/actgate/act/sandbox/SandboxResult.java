package dev.actgate.act.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** A finished run: the output as JSON (never Java null: JSON null instead), its console lines and how long it took. */
public record SandboxResult(JsonNode output, List<ConsoleLine> console, long durationMillis) {

    public SandboxResult {
        console = List.copyOf(console);
    }
}
