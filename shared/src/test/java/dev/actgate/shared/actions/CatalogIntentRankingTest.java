package dev.actgate.shared.actions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actgate.shared.integrations.CatalogFiles;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Intent ranking measured on the whole shipped catalog: every phrasing in
 * {@code src/test/resources/intent-fixtures/*.json} ({@code [{query, expected}]}, one file per contributor) is ranked
 * with the real {@link IntentRanker} over every catalog action of every connector, as {@code GET /actions?intent=}
 * would across apps. Prints {@code INTENT: N queries, top-1 X%, top-3 Y%} and holds a floor.
 */
class CatalogIntentRankingTest {
    static final Path FIXTURES = Path.of("src/test/resources/intent-fixtures");
    static final double TOP3_FLOOR = 0.70;
    static final double TOP1_FLOOR = 0.50;

    record Query(String file, String query, String expected) {
    }

    static List<Query> queries() throws IOException {
        List<Query> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(FIXTURES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                for (JsonNode q : CatalogFiles.JSON.readTree(f.toFile())) {
                    out.add(new Query(f.getFileName().toString(), q.path("query").asText(), q.path("expected").asText()));
                }
            }
        }
        return out;
    }

    @Test
    void theExpectedActionRanksHighOnTheWholeCatalog() throws IOException {
        List<IntentRanker.Doc> docs = new ArrayList<>();
        CatalogFiles.all().forEach(f -> f.actions().forEach(a -> docs.add(new IntentRanker.Doc(a.path("id").asText(),
            a.path("name").asText(null), a.path("description").asText(null), a.get("inputSchema")))));
        Set<String> ids = docs.stream().map(IntentRanker.Doc::key).collect(Collectors.toSet());
        List<Query> queries = queries();
        assertTrue(queries.size() >= 25, "at least 25 phrasings in " + FIXTURES);
        List<String> unknown = queries.stream().filter(q -> !ids.contains(q.expected())).map(q -> q.file() + ": " + q.expected()).toList();
        assertTrue(unknown.isEmpty(), "fixtures name actions that are not in the catalog: " + unknown);

        int top1 = 0;
        int top3 = 0;
        List<String> misses = new ArrayList<>();
        for (Query q : queries) {
            double[] scores = IntentRanker.score(q.query(), docs);
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < scores.length; i++) {
                order.add(i);
            }
            order.sort(Comparator.comparingDouble((Integer i) -> -scores[i]).thenComparingInt(i -> i));
            List<String> best = order.subList(0, Math.min(3, order.size())).stream().map(i -> docs.get(i).key()).toList();
            if (best.get(0).equals(q.expected())) {
                top1++;
            }
            if (best.contains(q.expected())) {
                top3++;
            } else {
                misses.add("'" + q.query() + "' → " + best + " (expected " + q.expected() + ", " + q.file() + ")");
            }
        }
        double p1 = (double) top1 / queries.size();
        double p3 = (double) top3 / queries.size();
        System.out.printf("INTENT: %d queries, top-1 %.1f%%, top-3 %.1f%% (%d catalog actions)%n", queries.size(), 100 * p1, 100 * p3, docs.size());
        misses.forEach(m -> System.out.println("INTENT miss: " + m));
        assertTrue(p3 >= TOP3_FLOOR, String.format("top-3 %.1f%% is under the floor %.0f%%", 100 * p3, 100 * TOP3_FLOOR));
        assertTrue(p1 >= TOP1_FLOOR, String.format("top-1 %.1f%% is under the floor %.0f%%", 100 * p1, 100 * TOP1_FLOOR));
    }
}
