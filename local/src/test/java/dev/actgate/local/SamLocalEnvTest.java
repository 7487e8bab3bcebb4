package dev.actgate.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.actgate.testing.SamTemplate;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code sam local start-api --env-vars local/sam/env.json} cannot run here (no Docker engine), so this checks what it
 * depends on: the file names every function of template.yaml and sets every variable the template declares for it
 * (SAM local can only override declared variables, and a missing one would silently point a function at AWS).
 */
class SamLocalEnvTest {
    @Test
    void theEnvFileCoversEveryFunctionAndVariableOfTheTemplate() throws Exception {
        Path root = SamTemplate.locate().getParent();
        Map<String, Set<String>> declared = SamTemplate.load(root.resolve("template.yaml"), "actgate").environmentVariables();
        JsonNode env = new ObjectMapper().readTree(Files.readString(root.resolve("local/sam/env.json")));
        Set<String> functions = new TreeSet<>();
        env.fieldNames().forEachRemaining(functions::add);
        assertEquals(declared.keySet(), functions, "functions in env.json vs template.yaml");
        declared.forEach((fn, names) -> {
            Set<String> set = new TreeSet<>();
            env.get(fn).fieldNames().forEachRemaining(set::add);
            assertEquals(names, set, fn + ": variables in env.json vs declared in template.yaml");
            // Local means local: no KMS key, DynamoDB Local's endpoint, tables named as scripts/sam-local creates them.
            assertEquals("", env.get(fn).path("ACTGATE_CREDENTIALS_KMS_KEY_ID").asText(), fn);
            assertTrue(env.get(fn).path("ACTGATE_DYNAMODB_ENDPOINT").asText().startsWith("http://"), fn);
            env.get(fn).fields().forEachRemaining(v -> {
                if (v.getKey().startsWith("ACTGATE_TABLES_")) {
                    assertTrue(v.getValue().asText().startsWith("actgate-"), fn + " " + v.getKey());
                }
            });
            assertFalse(env.get(fn).path("ACTGATE_CREDENTIALS_LOCAL_KEY").asText().isBlank(), fn + " needs the shared local key");
        });
    }
}
