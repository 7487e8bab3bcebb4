package dev.actgate.shared.actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** BM25 intent ranking on a fixture of realistic actions: for each phrasing the obvious action ranks first. */
class IntentRankerTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode fixture() throws Exception {
        try (InputStream in = IntentRankerTest.class.getClassLoader().getResourceAsStream("actions-intent-fixture.json")) {
            return JSON.readTree(in);
        }
    }

    @Test
    void theObviousActionRanksFirstForEveryPhrasing() throws Exception {
        JsonNode f = fixture();
        List<IntentRanker.Doc> docs = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        f.path("actions").forEach(a -> {
            docs.add(new IntentRanker.Doc(a.path("key").asText(), a.path("name").asText(), a.path("description").asText(), a.get("inputSchema")));
            keys.add(a.path("key").asText());
        });
        assertTrue(docs.size() >= 30, "fixture has at least 30 actions");
        assertTrue(f.path("queries").size() >= 10, "fixture has at least 10 phrasings");
        List<String> failures = new ArrayList<>();
        for (JsonNode q : f.path("queries")) {
            double[] scores = IntentRanker.score(q.path("intent").asText(), docs);
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < scores.length; i++) {
                order.add(i);
            }
            order.sort(Comparator.comparingDouble((Integer i) -> -scores[i]));
            String top = keys.get(order.get(0));
            boolean strictlyFirst = top.equals(q.path("expected").asText()) && scores[order.get(0)] > scores[order.get(1)];
            if (!strictlyFirst) {
                failures.add("'" + q.path("intent").asText() + "' → " + top + " " + scores[order.get(0)] + ", "
                    + keys.get(order.get(1)) + " " + scores[order.get(1)] + ", " + keys.get(order.get(2)) + " " + scores[order.get(2)]
                    + " (expected " + q.path("expected").asText() + ")");
            }
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void tokensAreSplitLoweredStemmedAndStopWordsDropped() {
        assertEquals(List.of("creat", "hub", "spot", "contact"), IntentRanker.tokens("createHubSpotContact"));
        assertEquals(List.of("creat", "creat", "creat", "creat"), IntentRanker.tokens("create creates created creating"));
        assertEquals(List.of("repository", "company", "address", "box", "status"), IntentRanker.tokens("repositories companies addresses boxes status"));
        assertEquals(List.of("send", "email", "customer"), IntentRanker.tokens("Please send an e-mail to the customer".replace("e-mail", "email")));
        assertEquals(List.of("string", "feed", "shred"), IntentRanker.tokens("string feeds shred"), "no stem without a vowel or under 3 letters");
        assertEquals(List.of("api", "v2", "url"), IntentRanker.tokens("API_v2/URL"));
    }

    @Test
    void scoresAreZeroWithoutASharedWordAndPreferRareWords() {
        List<IntentRanker.Doc> docs = List.of(
            new IntentRanker.Doc("create-contact", "Create contact", "Creates a contact", null),
            new IntentRanker.Doc("create-deal", "Create deal", "Creates a deal", null),
            new IntentRanker.Doc("create-task", "Create task", "Creates a task", null));
        double[] s = IntentRanker.score("create a deal", docs);
        assertTrue(s[1] > s[0] && s[0] == s[2] && s[0] > 0, java.util.Arrays.toString(s));
        double[] none = IntentRanker.score("weather tomorrow", docs);
        assertEquals(0, none[0] + none[1] + none[2]);
        double[] synonym = IntentRanker.score("remove the deal", List.of(
            new IntentRanker.Doc("delete-deal", "Delete deal", null, null), new IntentRanker.Doc("get-deal", "Get deal", null, null)));
        assertTrue(synonym[0] > synonym[1], "remove finds delete at half weight");
        assertEquals(0, IntentRanker.score("  ", docs)[0]);
    }

    @Test
    void nounSynonymsBridgeTheAppsWordsAndTheAsker() {
        List<IntentRanker.Doc> docs = List.of(
            new IntentRanker.Doc("calendar-create-event", "Create event", "Adds an event to a calendar", null),
            new IntentRanker.Doc("crm-create-contact", "Create contact", "Adds a person", null),
            new IntentRanker.Doc("texts-send-sms", "Send SMS", "Sends an SMS to a phone number", null),
            new IntentRanker.Doc("chat-post-message", "Post message", "Posts a message to a channel", null));
        double[] meeting = IntentRanker.score("book a meeting", docs);
        assertTrue(meeting[0] > 0 && meeting[0] > meeting[1], "meeting finds event: " + java.util.Arrays.toString(meeting));
        double[] text = IntentRanker.score("text this number", docs);
        assertTrue(text[2] > text[3], "text finds sms: " + java.util.Arrays.toString(text));
        double[] room = IntentRanker.score("say hello in the room", docs);
        assertTrue(room[3] > 0 && room[3] > room[0], "room finds channel: " + java.util.Arrays.toString(room));
        List<IntentRanker.Doc> lists = List.of(new IntentRanker.Doc("tracker-list-issues", "List issues", "Lists a project's issues", null),
            new IntentRanker.Doc("tracker-create-issue", "Create issue", "Opens an issue", null));
        double[] show = IntentRanker.score("show the issues", lists);
        assertTrue(show[0] > show[1], "show also means list: " + java.util.Arrays.toString(show));
        assertEquals(IntentRanker.SYNONYM_WEIGHT, IntentRanker.queryTerms("meeting").get(IntentRanker.stem("event")));
    }
}
