package dev.actgate.shared.integrations;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The shipped connectors, read from the class path and only as far as a caller needs them:
 * <ul>
 *   <li>{@code connectors/index.json} (the sorted list of keys, so no directory scan inside a jar is needed) and
 *       {@code connectors/summary.json} (one small entry per connector, generated at build time by
 *       {@link ConnectorSummaryGenerator}) serve listing and search;</li>
 *   <li>a connector's own file is parsed the first time that connector is used ({@link #find}), then kept.</li>
 * </ul>
 * A function that never asks for a connector reads nothing; one that runs a GitHub action parses github.json only.
 */
@Singleton
public class ConnectorCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectorCatalog.class);
    static final String DIR = "connectors/";

    private final ObjectMapper json;
    private final ClassLoader resources;
    private final Map<String, Connector> loaded = new ConcurrentHashMap<>();
    private volatile List<ConnectorSummary> summaries;
    private volatile Map<String, ConnectorSummary> summaryByKey;
    /** Keys longest first: an action id {@code <key>-…} is looked up under the longest key it starts with. */
    private volatile List<String> keysLongestFirst;

    /** Where a catalog action lives. */
    public record CatalogActionRef(Connector connector, JsonNode action) {
    }

    public ConnectorCatalog(ObjectMapper json) {
        this(json, ConnectorCatalog.class.getClassLoader());
    }

    ConnectorCatalog(ObjectMapper json, ClassLoader resources) {
        this.json = json;
        this.resources = resources;
    }

    // ------------------------------------------------------------------ the summary index (cheap)

    /** Every shipped connector's summary, in key order, from the build-time summary file. */
    public List<ConnectorSummary> summaries() {
        List<ConnectorSummary> s = summaries;
        if (s == null) {
            synchronized (this) {
                if (summaries == null) {
                    loadSummaries();
                }
                s = summaries;
            }
        }
        return s;
    }

    public Optional<ConnectorSummary> summary(String key) {
        summaries();
        return Optional.ofNullable(key == null ? null : summaryByKey.get(key));
    }

    /**
     * Summaries matching {@code search} (case-insensitive, every word must occur in the key, name, description or a
     * category) and {@code category} (exact, case-insensitive), in key order. Either may be null.
     */
    public List<ConnectorSummary> search(String search, String category) {
        List<String> words = new ArrayList<>();
        if (search != null) {
            for (String w : search.toLowerCase(Locale.ROOT).trim().split("\\s+")) {
                if (!w.isEmpty()) {
                    words.add(w);
                }
            }
        }
        String cat = category == null || category.isBlank() ? null : category.trim().toLowerCase(Locale.ROOT);
        List<ConnectorSummary> out = new ArrayList<>();
        for (ConnectorSummary c : summaries()) {
            if (cat != null && !c.categories().contains(cat)) {
                continue;
            }
            if (words.isEmpty()) {
                // No search words (the plain list, the cold-start route): no text to build or stem for any connector.
                out.add(c);
                continue;
            }
            String raw = c.key() + " " + c.name() + " " + c.description() + " " + String.join(" ", c.categories());
            String text = raw.toLowerCase(Locale.ROOT);
            List<String> terms = dev.actgate.shared.actions.IntentRanker.tokens(raw);
            // A word matches as typed, or by its stem as the start of a word ("issues" finds "issue", "calend" finds "calendar").
            if (words.stream().allMatch(w -> text.contains(w) || IntentStem.matches(w, terms))) {
                out.add(c);
            }
        }
        return out;
    }

    /** Stemmed prefix matching with the intent ranker's terms, so search and ranking agree on what a word is. */
    static final class IntentStem {
        static boolean matches(String word, List<String> terms) {
            List<String> stems = dev.actgate.shared.actions.IntentRanker.tokens(word);
            return !stems.isEmpty() && stems.stream().allMatch(st -> terms.stream().anyMatch(t -> t.startsWith(st)));
        }
    }

    // ------------------------------------------------------------------ full connectors (lazy, one file each)

    public Optional<Connector> find(String key) {
        if (key == null || summary(key).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(loaded.computeIfAbsent(key, this::read));
    }

    /** Every connector in full: parses all files not read yet. For callers that really need all of them. */
    public Collection<Connector> list() {
        List<Connector> out = new ArrayList<>();
        for (ConnectorSummary s : summaries()) {
            out.add(find(s.key()).orElseThrow());
        }
        return out;
    }

    /** A catalog action by id, reading only the connector(s) whose key starts the id. */
    public Optional<CatalogActionRef> findAction(String id) {
        if (id == null) {
            return Optional.empty();
        }
        summaries();
        for (String key : keysLongestFirst) {
            if (id.startsWith(key + "-")) {
                Connector c = find(key).orElseThrow();
                JsonNode a = c.catalogAction(id);
                if (a != null) {
                    return Optional.of(new CatalogActionRef(c, a));
                }
            }
        }
        return Optional.empty();
    }

    /** How many connector files this catalog has parsed so far (the laziness is observable, and tested). */
    public int loadedCount() {
        return loaded.size();
    }

    // ------------------------------------------------------------------ reading

    private Connector read(String key) {
        try (InputStream in = resource(DIR + key + ".json")) {
            return json.readValue(in, Connector.class);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the shipped connector '" + key + "'", e);
        }
    }

    private void loadSummaries() {
        List<ConnectorSummary> list;
        try {
            List<String> keys = json.readValue(resource(DIR + "index.json"), new TypeReference<>() { });
            InputStream summary = resources.getResourceAsStream(DIR + ConnectorSummaryGenerator.SUMMARY);
            if (summary != null) {
                try (summary) {
                    JsonNode root = json.readTree(summary);
                    list = new ArrayList<>();
                    for (JsonNode n : root.path("connectors")) {
                        list.add(json.treeToValue(n, ConnectorSummary.class));
                    }
                }
                List<String> summarized = list.stream().map(ConnectorSummary::key).toList();
                if (!summarized.equals(keys)) {
                    // A stale summary would hide or invent connectors: trust the index and the files instead.
                    LOG.warn("connectors/summary.json does not match index.json; reading every connector file");
                    list = summarizeFiles(keys);
                }
            } else {
                // Only without the build step (an IDE run): correct, just slower.
                LOG.warn("connectors/summary.json is missing (run the Maven build); reading every connector file");
                list = summarizeFiles(keys);
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the shipped connector index", e);
        }
        Map<String, ConnectorSummary> byKey = new LinkedHashMap<>();
        list.forEach(s -> byKey.put(s.key(), s));
        summaryByKey = java.util.Collections.unmodifiableMap(byKey);
        keysLongestFirst = byKey.keySet().stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
        summaries = List.copyOf(list);
    }

    private List<ConnectorSummary> summarizeFiles(List<String> keys) {
        List<ConnectorSummary> out = new ArrayList<>();
        for (String key : keys) {
            Connector c = loaded.computeIfAbsent(key, this::read);
            out.add(ConnectorSummary.of(c));
        }
        return out;
    }

    private InputStream resource(String name) throws IOException {
        InputStream in = resources.getResourceAsStream(name);
        if (in == null) {
            throw new IOException("missing resource " + name);
        }
        return in;
    }
}
