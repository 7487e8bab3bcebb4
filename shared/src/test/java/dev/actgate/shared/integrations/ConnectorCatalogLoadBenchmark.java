package dev.actgate.shared.integrations;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Not a test: a main that measures what loading the catalog costs a cold JVM, on the shipped files copied
 * {@code copies} times under new keys (15 files × 8 ≈ 120 connectors). Run once per mode, each in a fresh JVM:
 * {@code eager} parses every file (what the loader did before), {@code summary} lists the catalog from the build-time
 * summary, {@code one} lists and then runs one action's lookup (reads one file).
 *
 * <pre>java -cp "$(cat cp.txt):shared/target/classes:shared/target/test-classes" \
 *   dev.actgate.shared.integrations.ConnectorCatalogLoadBenchmark summary 8</pre>
 */
public final class ConnectorCatalogLoadBenchmark {
    private ConnectorCatalogLoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "summary";
        int copies = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        Path root = Files.createTempDirectory("catalog-bench");
        Path dir = Files.createDirectories(root.resolve("connectors"));
        ObjectMapper json = new ObjectMapper();
        List<String> keys = new ArrayList<>();
        for (String key : CatalogFiles.index()) {
            for (int i = 0; i < copies; i++) {
                String k = i == 0 ? key : key + "-copy" + i;
                ObjectNode c = (ObjectNode) json.readTree(CatalogFiles.dir().resolve(key + ".json").toFile());
                c.put("key", k);
                for (var a : (ArrayNode) c.path("actions")) {
                    ((ObjectNode) a).put("id", a.path("id").asText().replaceFirst("^" + key + "-", k + "-"));
                }
                Files.writeString(dir.resolve(k + ".json"), json.writeValueAsString(c));
                keys.add(k);
            }
        }
        keys.sort(null);
        Files.writeString(dir.resolve("index.json"), json.writeValueAsString(keys));
        ConnectorSummaryGenerator.main(new String[] {dir.toString()});
        if (mode.equals("eager")) {
            Files.delete(dir.resolve("summary.json"));
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {root.toUri().toURL()}, null)) {
            long t0 = System.nanoTime();
            ConnectorCatalog catalog = new ConnectorCatalog(new ObjectMapper(), loader);
            int listed = catalog.summaries().size();
            long t1 = System.nanoTime();
            if (mode.equals("one")) {
                catalog.findAction("github-create-issue").orElseThrow();
            }
            long t2 = System.nanoTime();
            System.out.printf("LOAD %s: %d connectors listed in %.1f ms; first action lookup %.1f ms; %d files parsed%n",
                mode, listed, (t1 - t0) / 1e6, (t2 - t1) / 1e6, catalog.loadedCount());
        }
    }
}
