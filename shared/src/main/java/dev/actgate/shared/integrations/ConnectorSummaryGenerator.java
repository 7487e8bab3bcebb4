package dev.actgate.shared.integrations;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The build step that writes {@code connectors/summary.json} next to the connector files (shared/pom.xml runs it in
 * {@code process-classes}, over target/classes/connectors). A function's cold start then lists the catalog from one
 * small file instead of parsing every connector; a connector's own file is read only when first used.
 *
 * <p>It reads the connectors named in index.json, in that order, and fails the build if one is missing or cannot be
 * read. The finer rules (index sorted and complete, ids, schemas) are the contract test's
 * (ConnectorCatalogContractTest), which also fails when a committed summary would be stale.
 */
public final class ConnectorSummaryGenerator {
    static final String SUMMARY = "summary.json";
    static final String INDEX = "index.json";

    private ConnectorSummaryGenerator() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: ConnectorSummaryGenerator <connectors directory>");
        }
        Path dir = Path.of(args[0]);
        ObjectMapper json = new ObjectMapper();
        String text = render(json, summarize(json, dir));
        Files.writeString(dir.resolve(SUMMARY), text);
        System.out.println("[actgate] wrote " + dir.resolve(SUMMARY) + " (" + text.length() + " bytes)");
    }

    /** The summaries of the connectors listed in {@code dir/index.json}, in index order. */
    static List<ConnectorSummary> summarize(ObjectMapper json, Path dir) throws IOException {
        List<String> keys = json.readValue(dir.resolve(INDEX).toFile(), new TypeReference<>() { });
        List<ConnectorSummary> out = new ArrayList<>();
        for (String key : keys) {
            Path file = dir.resolve(key + ".json");
            if (!Files.isRegularFile(file)) {
                throw new IOException("index.json lists '" + key + "' but " + file + " does not exist");
            }
            Connector c;
            try {
                c = json.readValue(file.toFile(), Connector.class);
            } catch (IOException e) {
                throw new IOException("connector file " + file + " cannot be read: " + e.getMessage(), e);
            }
            if (!key.equals(c.key())) {
                throw new IOException("connector file " + file + " has key '" + c.key() + "'; it must equal the file name");
            }
            out.add(ConnectorSummary.of(c));
        }
        return out;
    }

    /** The summary file's text: {@code {"connectors": [...]}}, pretty-printed so a diff of it is readable. */
    static String render(ObjectMapper json, List<ConnectorSummary> summaries) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("connectors", summaries);
        return json.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n";
    }
}
