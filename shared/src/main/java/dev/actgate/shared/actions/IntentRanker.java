package dev.actgate.shared.actions;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Ranks actions against a free-text intent ("create a contact in the CRM") with Okapi BM25, small enough to read.
 *
 * <p><b>Documents.</b> One per action, made of weighted fields: key and name (weight 3: they say what the action
 * does), description (1), and the input schema's property names and descriptions (1: they say what it needs).
 * A term's frequency in a document is the weighted sum of its frequencies in the fields (the "BM25F" shortcut), and
 * so is the document length.
 *
 * <p><b>Terms.</b> Text is split on anything that is not a letter or digit and at camelCase humps
 * ({@code firstName} → first, name), lowercased, stripped of one-letter words and a few stop words ("a", "the",
 * "please", "my", …) and
 * lightly stemmed: plural endings ({@code -ies → -y}, {@code -es}, {@code -s}), {@code -ing}, {@code -ed} and a final
 * {@code -e}, so create / creates / created / creating all become {@code creat}.
 *
 * <p><b>Query.</b> Each distinct query term counts once. A handful of everyday verbs also bring in their usual
 * synonyms at half weight ("remove" finds delete-, "fetch" finds get-, "add" finds create-), because action keys are
 * written with one verb and people ask with another. That table is {@link #SYNONYMS}: short and fixed.
 *
 * <p><b>Score.</b> For query term t with weight w: {@code w · idf(t) · tf·(k1+1) / (tf + k1·(1 − b + b·len/avgLen))}
 * with {@code idf(t) = ln(1 + (N − n + 0.5)/(n + 0.5))}, k1 = 1.2, b = 0.75, summed over terms. 0 means no query
 * term occurs in the action; higher is better. Scores depend on the whole candidate set (through idf and avgLen),
 * so they order the results of one request and are not comparable across requests.
 */
public final class IntentRanker {
    static final double K1 = 1.2;
    static final double B = 0.75;
    static final double SYNONYM_WEIGHT = 0.5;
    static final int NAME_WEIGHT = 3;

    static final Set<String> STOP_WORDS = Set.of("a", "an", "the", "to", "of", "for", "in", "on", "at", "by", "with", "from",
        "into", "and", "or", "my", "our", "your", "their", "his", "her", "its", "me", "i", "we", "you", "it", "this", "that",
        "these", "those", "is", "are", "be", "been", "please", "want", "wants", "need", "needs", "would", "like", "can",
        "could", "should", "some", "any", "do", "does", "how", "so", "as", "via", "using", "use", "there", "which", "what");

    /** Everyday verbs and their usual synonyms (both directions), applied to the query at half weight. */
    static final List<Set<String>> SYNONYM_GROUPS = List.of(
        Set.of("create", "add", "new", "make", "insert", "open", "schedule"),
        Set.of("delete", "remove", "destroy", "erase", "drop"),
        Set.of("get", "fetch", "retrieve", "read", "show", "view", "lookup", "find"),
        Set.of("list", "all", "browse", "enumerate", "show"),
        Set.of("update", "edit", "change", "modify", "rename"),
        Set.of("send", "post", "deliver"),
        Set.of("email", "mail"),
        Set.of("message", "msg"),
        Set.of("contact", "person", "people"),
        Set.of("issue", "ticket", "bug"),
        Set.of("user", "member", "account"),
        // Nouns that differ between apps and the people asking (measured on the catalog: CatalogIntentRankingTest).
        Set.of("event", "meeting", "appointment"),
        Set.of("comment", "reply", "note"),
        Set.of("customer", "client"),
        Set.of("task", "todo", "chore"),
        Set.of("file", "document", "doc"),
        Set.of("search", "query", "filter", "find"),
        Set.of("company", "organization", "organisation", "org"),
        Set.of("invoice", "bill"),
        Set.of("payment", "charge", "pay"),
        Set.of("repository", "repo"),
        Set.of("sms", "text"),
        Set.of("channel", "room"));
    static final Map<String, Set<String>> SYNONYMS = synonyms();

    private IntentRanker() {
    }

    /** What the ranker reads of one action. */
    public record Doc(String key, String name, String description, JsonNode inputSchema) {
    }

    /** One BM25 score per document, in the order given. */
    public static double[] score(String intent, List<Doc> docs) {
        Map<String, Double> query = queryTerms(intent);
        double[] scores = new double[docs.size()];
        if (query.isEmpty() || docs.isEmpty()) {
            return scores;
        }
        List<Map<String, Integer>> tfs = new ArrayList<>(docs.size());
        Map<String, Integer> df = new HashMap<>();
        double totalLength = 0;
        List<Integer> lengths = new ArrayList<>(docs.size());
        for (Doc d : docs) {
            Map<String, Integer> tf = termFrequencies(d);
            tfs.add(tf);
            int length = tf.values().stream().mapToInt(Integer::intValue).sum();
            lengths.add(length);
            totalLength += length;
            tf.keySet().forEach(t -> df.merge(t, 1, Integer::sum));
        }
        double avgLength = Math.max(1, totalLength / docs.size());
        int n = docs.size();
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (Map.Entry<String, Double> q : query.entrySet()) {
                Integer tf = tfs.get(i).get(q.getKey());
                if (tf == null) {
                    continue;
                }
                int docFreq = df.get(q.getKey());
                double idf = Math.log(1 + (n - docFreq + 0.5) / (docFreq + 0.5));
                double norm = tf * (K1 + 1) / (tf + K1 * (1 - B + B * lengths.get(i) / avgLength));
                s += q.getValue() * idf * norm;
            }
            scores[i] = Math.round(s * 10_000) / 10_000.0;
        }
        return scores;
    }

    /** Query terms with their weights: 1 for the words asked, {@link #SYNONYM_WEIGHT} for added synonyms. */
    static Map<String, Double> queryTerms(String intent) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String word : words(intent)) {
            out.put(stem(word), 1.0);
        }
        for (String word : words(intent)) {
            for (String synonym : SYNONYMS.getOrDefault(word, Set.of())) {
                out.putIfAbsent(stem(synonym), SYNONYM_WEIGHT);
            }
        }
        return out;
    }

    static Map<String, Integer> termFrequencies(Doc d) {
        Map<String, Integer> tf = new HashMap<>();
        add(tf, d.key(), NAME_WEIGHT);
        add(tf, d.name(), NAME_WEIGHT);
        add(tf, d.description(), 1);
        JsonNode properties = d.inputSchema() == null ? null : d.inputSchema().get("properties");
        if (properties != null && properties.isObject()) {
            properties.fields().forEachRemaining(p -> {
                add(tf, p.getKey(), 1);
                add(tf, p.getValue().path("title").asText(null), 1);
                add(tf, p.getValue().path("description").asText(null), 1);
            });
        }
        return tf;
    }

    private static void add(Map<String, Integer> tf, String text, int weight) {
        for (String t : tokens(text)) {
            tf.merge(t, weight, Integer::sum);
        }
    }

    /** Terms of a text: split, lowercased, stop words dropped, stemmed. */
    public static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        for (String w : words(text)) {
            out.add(stem(w));
        }
        return out;
    }

    /** Lowercased words of a text, camelCase split, stop words dropped. */
    static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        // camelCase and PascalCase humps become word breaks: createHubSpotContact → create Hub Spot Contact
        String spaced = text.replaceAll("([a-z0-9])([A-Z])", "$1 $2").replaceAll("([A-Z]+)([A-Z][a-z])", "$1 $2");
        for (String w : spaced.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            // one letter is never a word worth matching (the "s" of "customer's")
            if (w.length() > 1 && !STOP_WORDS.contains(w)) {
                out.add(w);
            }
        }
        return out;
    }

    /** Light suffix stripping (see the class comment); never leaves a stem without a vowel or under 3 letters. */
    static String stem(String w) {
        String s = w;
        if (s.length() > 4 && s.endsWith("ies")) {
            s = s.substring(0, s.length() - 3) + "y";
        } else if (s.length() > 4 && s.endsWith("sses")) {
            s = s.substring(0, s.length() - 2);
        } else if (s.length() > 4 && s.endsWith("es") && endsWithAny(s.substring(0, s.length() - 2), "s", "x", "z", "ch", "sh")) {
            s = s.substring(0, s.length() - 2);
        } else if (s.length() > 3 && s.endsWith("s") && !endsWithAny(s, "ss", "us", "is")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.length() > 5 && s.endsWith("ing") && stemOk(s.substring(0, s.length() - 3))) {
            s = s.substring(0, s.length() - 3);
        } else if (s.length() > 4 && s.endsWith("ed") && stemOk(s.substring(0, s.length() - 2))) {
            s = s.substring(0, s.length() - 2);
        }
        if (s.length() > 3 && s.endsWith("e")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    private static boolean stemOk(String stem) {
        return stem.length() >= 3 && stem.chars().anyMatch(c -> "aeiouy".indexOf(c) >= 0);
    }

    private static boolean endsWithAny(String s, String... suffixes) {
        for (String x : suffixes) {
            if (s.endsWith(x)) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, Set<String>> synonyms() {
        Map<String, Set<String>> m = new HashMap<>();
        for (Set<String> group : SYNONYM_GROUPS) {
            for (String w : group) {
                Set<String> others = new java.util.HashSet<>(group);
                others.remove(w);
                m.merge(w, others, (a, b) -> {
                    Set<String> u = new java.util.HashSet<>(a);
                    u.addAll(b);
                    return u;
                });
            }
        }
        return Map.copyOf(m);
    }
}
