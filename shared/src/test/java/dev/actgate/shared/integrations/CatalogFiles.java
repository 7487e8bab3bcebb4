package dev.actgate.shared.integrations;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The connector files as committed (shared/src/main/resources/connectors), for tests that check the catalog's
 * rules: the raw JSON, so a test sees exactly what a contributor wrote.
 */
public final class CatalogFiles {
    public static final ObjectMapper JSON = new ObjectMapper();

    private CatalogFiles() {
    }

    /** The repository root: the {@code actgate.root} property the build sets, else found from the working directory. */
    public static Path root() {
        String configured = System.getProperty("actgate.root");
        if (configured != null && !configured.isBlank() && Files.isDirectory(Path.of(configured, "shared"))) {
            return Path.of(configured);
        }
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isRegularFile(p.resolve("template.yaml"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("cannot find the repository root (set -Dactgate.root)");
        }
        return p;
    }

    public static Path dir() {
        return root().resolve("shared/src/main/resources/connectors");
    }

    /** The keys index.json lists, in its order. */
    public static List<String> index() {
        try {
            return JSON.readValue(dir().resolve("index.json").toFile(), new TypeReference<>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The names (without .json) of the connector files in the directory, sorted. */
    public static List<String> filesInDirectory() {
        try (Stream<Path> s = Files.list(dir())) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json") && !n.equals("index.json")
                    && !n.equals("summary.json"))
                .map(n -> n.substring(0, n.length() - 5)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One connector file: its key (the file name) and its JSON (null when it does not parse, with the reason). */
    public record File(String key, JsonNode json, String parseError) {
        public List<JsonNode> actions() {
            List<JsonNode> out = new ArrayList<>();
            if (json != null) {
                json.path("actions").forEach(out::add);
            }
            return out;
        }

        public String authType() {
            return json == null ? null : json.path("auth").path("type").asText(null);
        }
    }

    public static File read(String key) {
        Path p = dir().resolve(key + ".json");
        try {
            return new File(key, JSON.readTree(p.toFile()), null);
        } catch (IOException e) {
            return new File(key, null, e.getMessage());
        }
    }

    /** Every file index.json lists. */
    public static List<File> all() {
        return index().stream().map(CatalogFiles::read).toList();
    }
}
