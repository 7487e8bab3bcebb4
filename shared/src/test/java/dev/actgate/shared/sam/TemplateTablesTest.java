package dev.actgate.shared.sam;

import dev.actgate.shared.connections.DynamoConnectionRepositoryAccess;
import dev.actgate.shared.storage.TableNames;
import dev.actgate.shared.testing.TestStorage;
import dev.actgate.testing.SamTemplate;
import dev.actgate.shared.workspaces.DynamoWorkspaceRepositoryAccess;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every table the code uses is declared in template.yaml, with the keys the code's schemas use. */
class TemplateTablesTest {
    final SamTemplate template = TestStorage.template();

    private SamTemplate.TableDef table(String name) {
        return template.tables().stream().filter(t -> t.tableName().equals(name)).findFirst()
            .orElseThrow(() -> new AssertionError("template.yaml declares no table " + name));
    }

    static Map<String, TableSchema<?>> schemasByDefaultTable() {
        TableNames defaults = TestStorage.tableNames();
        Map<String, TableSchema<?>> m = new LinkedHashMap<>();
        m.put(defaults.workspaces(), DynamoWorkspaceRepositoryAccess.schema());
        m.put(defaults.connections(), DynamoConnectionRepositoryAccess.schema());
        m.putAll(SchemaRegistry.extra());
        return m;
    }

    @Test
    void everySchemaMatchesItsDeclaredTable() {
        schemasByDefaultTable().forEach((tableName, schema) -> {
            SamTemplate.TableDef t = table(tableName);
            List<String> declared = t.keySchema().stream().map(SamTemplate.KeyAttribute::name).toList();
            List<String> used = new java.util.ArrayList<>(List.of(schema.tableMetadata().primaryPartitionKey()));
            schema.tableMetadata().primarySortKey().ifPresent(used::add);
            assertEquals(declared, used, "key schema of " + tableName);
            used.forEach(k -> assertEquals("S", t.attributeTypes().get(k), "attribute type of " + k + " in " + tableName));
        });
    }

    /** The idempotency table is written with the low-level client (conditional puts), so it has no TableSchema. */
    @Test
    void theIdempotencyTableHasTheKeyTheRepositoryWrites() {
        SamTemplate.TableDef t = table(TestStorage.tableNames().idempotency());
        assertEquals(List.of(dev.actgate.shared.idempotency.DynamoIdempotencyRepository.KEY_ATTRIBUTE),
            t.keySchema().stream().map(SamTemplate.KeyAttribute::name).toList());
        assertEquals("S", t.attributeTypes().get(dev.actgate.shared.idempotency.DynamoIdempotencyRepository.KEY_ATTRIBUTE));
    }

    @Test
    void allTablesAreCovered() {
        java.util.Set<String> covered = new java.util.TreeSet<>(schemasByDefaultTable().keySet());
        covered.add(TestStorage.tableNames().idempotency());
        // The approvals table is written with the low-level client; ApprovalsTableTemplateTest checks its keys and TTL.
        covered.add("actgate-approvals");
        java.util.Set<String> declared = template.tables().stream().map(SamTemplate.TableDef::tableName)
            .collect(Collectors.toCollection(java.util.TreeSet::new));
        assertEquals(8, declared.size(), "template.yaml declares " + declared);
        assertEquals(declared, covered, "every declared table is checked against the code that uses it");
    }

    @Test
    void everyTableNameTheCodeDefaultsToIsDeclaredWithEnvironmentWiring() {
        TableNames d = TestStorage.tableNames();
        Map<String, String> env = template.tableEnvironment();
        Map<String, String> expected = Map.of(
            "ACTGATE_TABLES_WORKSPACES", d.workspaces(), "ACTGATE_TABLES_INTEGRATIONS", d.integrations(),
            "ACTGATE_TABLES_CONNECTIONS", d.connections(), "ACTGATE_TABLES_ACTIONS", d.actions(),
            "ACTGATE_TABLES_RUN_LOGS", d.runLogs(), "ACTGATE_TABLES_IDEMPOTENCY", d.idempotency());
        Map<String, String> byLogicalId = template.tables().stream()
            .collect(Collectors.toMap(SamTemplate.TableDef::logicalId, SamTemplate.TableDef::tableName));
        expected.forEach((var, defaultName) -> {
            String logical = env.get(var);
            assertNotNull(logical, "Globals sets " + var);
            assertEquals(defaultName, byLogicalId.get(logical), var + " points at the table the code defaults to");
        });
    }

    /** The workspace index of run logs projects what the listing reads, and only that (docs/storage.md). */
    @Test
    void theRunLogIndexProjectsWhatTheListingReads() {
        SamTemplate.TableDef t = table(TestStorage.tableNames().runLogs());
        SamTemplate.IndexDef index = t.globalIndexes().stream()
            .filter(i -> i.name().equals(dev.actgate.shared.runs.DynamoRunLogRepository.BY_WORKSPACE)).findFirst()
            .orElseThrow(() -> new AssertionError("template.yaml declares no index " + dev.actgate.shared.runs.DynamoRunLogRepository.BY_WORKSPACE));
        assertEquals(List.of("wsPk", "sk"), index.keySchema().stream().map(SamTemplate.KeyAttribute::name).toList());
        assertEquals("INCLUDE", index.projectionType());
        assertEquals(new java.util.TreeSet<>(dev.actgate.shared.runs.DynamoRunLogRepository.INDEX_ATTRIBUTES),
            new java.util.TreeSet<>(index.nonKeyAttributes()));
        assertEquals(1, t.globalIndexes().size(), "one index on run logs");
    }

    @Test
    void tablesAreOnDemandWithPointInTimeRecovery() {
        template.tables().forEach(t -> {
            assertEquals("PAY_PER_REQUEST", t.billingMode(), t.logicalId());
            assertTrue(t.pointInTimeRecovery(), t.logicalId());
        });
        assertEquals("expiresAt", table(TestStorage.tableNames().runLogs()).ttlAttribute());
        assertEquals("expiresAt", table(TestStorage.tableNames().idempotency()).ttlAttribute());
    }
}
