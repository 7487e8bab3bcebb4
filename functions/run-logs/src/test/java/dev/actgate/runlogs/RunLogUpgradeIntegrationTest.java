package dev.actgate.runlogs;

import dev.actgate.shared.runs.DynamoRunLogRepository;
import dev.actgate.shared.runs.RunLog;
import dev.actgate.shared.runs.RunLogRepository;
import dev.actgate.shared.runs.RunLogSettings;
import dev.actgate.shared.storage.PageRequest;
import dev.actgate.shared.testing.TestStorage;
import dev.actgate.shared.testing.TestWorkspaces;
import dev.actgate.shared.workspaces.Workspace;
import dev.actgate.testing.LocalDynamoDb;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run-logs table made by the previous version — its `byWorkspace` index projecting ALL, items in the old layout —
 * upgraded in place the way the local runtime does it (and a stack update does on AWS): the new index is added and
 * backfilled, and the old runs are listed and read next to the new ones.
 */
class RunLogUpgradeIntegrationTest {
    @Test
    void aTableOfThePreviousVersionGetsTheNewIndexAndItsOldRunsStayReadable() throws Exception {
        try (LocalDynamoDb server = LocalDynamoDb.start(null, 0); DynamoDbClient client = server.client()) {
            String table = TestStorage.tableNames().runLogs();
            client.createTable(r -> r.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attr("pk"), attr("sk"), attr("wsPk"))
                .keySchema(key("pk", "HASH"), key("sk", "RANGE"))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("byWorkspace")
                    .keySchema(key("wsPk", "HASH"), key("sk", "RANGE"))
                    .projection(Projection.builder().projectionType(ProjectionType.ALL).build()).build()));
            Workspace ws = TestWorkspaces.create();
            Instant base = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.MILLIS);
            List<RunLog> all = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                RunLog old = RunLogsApiIntegrationTest.summaryRun(ws, i % 2 == 0 ? "alice" : "bob", base.plusSeconds(i), i);
                putOld(client, table, old);
                all.add(old);
            }

            LocalDynamoDb.createTables(client, TestStorage.template());
            var index = client.describeTable(r -> r.tableName(table)).table().globalSecondaryIndexes().stream()
                .filter(g -> g.indexName().equals(DynamoRunLogRepository.BY_WORKSPACE)).findFirst().orElseThrow();
            assertEquals(ProjectionType.INCLUDE, index.projection().projectionType());
            for (int k = 0; k < 100 && index.indexStatus() != IndexStatus.ACTIVE; k++) {
                Thread.sleep(100);
                index = client.describeTable(r -> r.tableName(table)).table().globalSecondaryIndexes().stream()
                    .filter(g -> g.indexName().equals(DynamoRunLogRepository.BY_WORKSPACE)).findFirst().orElseThrow();
            }

            DynamoRunLogRepository repository = new DynamoRunLogRepository(
                DynamoDbEnhancedClient.builder().dynamoDbClient(client).build(), client, TestStorage.tableNames(),
                TestStorage.jsonAttributes(), new RunLogSettings());
            for (int i = 5; i < 25; i++) {
                RunLog fresh = RunLogsApiIntegrationTest.summaryRun(ws, i % 2 == 0 ? "alice" : "bob", base.plusSeconds(i), i);
                repository.save(fresh);
                all.add(fresh);
            }
            RunLogRepository.Filter none = new RunLogRepository.Filter(null, null, null, null, null, null, null, null);
            List<String> listed = new ArrayList<>();
            String cursor = null;
            do {
                var page = repository.list(ws.id(), null, none, PageRequest.of("4", cursor));
                page.items().forEach(r -> listed.add(r.id()));
                cursor = page.cursor();
            } while (cursor != null);
            assertEquals(all.stream().map(RunLog::id).sorted(Comparator.reverseOrder()).toList(), listed,
                "old and new runs, newest first, each once");
            for (RunLog r : all.subList(0, 5)) {
                RunLog read = repository.findInWorkspace(ws.id(), r.id()).orElseThrow();
                assertEquals(r.tenantKey(), read.tenantKey());
                assertEquals(r.exchanges().get(0).url(), read.exchanges().get(0).url());
            }
            assertTrue(repository.find(ws.id(), "bob", all.get(1).id()).isPresent());
        }
    }

    static void putOld(DynamoDbClient client, String table, RunLog r) throws Exception {
        // the same shape RunLogShardsIntegrationTest writes: JSON text attributes and the bare workspace id as wsPk
        RunLogShardsIntegrationTest.putInPreviousLayout(client, table, r);
    }

    static AttributeDefinition attr(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType("S").build();
    }

    static KeySchemaElement key(String name, String type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }
}
