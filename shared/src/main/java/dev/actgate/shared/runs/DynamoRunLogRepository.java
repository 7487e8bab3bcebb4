package dev.actgate.shared.runs;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.storage.Cursors;
import dev.actgate.shared.storage.Ids;
import dev.actgate.shared.storage.JsonAttributes;
import dev.actgate.shared.storage.Page;
import dev.actgate.shared.storage.PageRequest;
import dev.actgate.shared.storage.TableNames;
import jakarta.inject.Singleton;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbIndex;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.GetItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondarySortKey;

/**
 * Run logs table. Partition {@code pk} = {@code workspaceId#tenantKey}, sort key = the run id (time-sortable, so
 * newest-first is a reverse query and a time range is a key range); the {@code byWorkspace} index lists a whole
 * workspace for managers. One item per run: summary and details are JSON attributes, kept under DynamoDB's 400 KB
 * item limit by {@link #MAX_DETAILS_CHARS} (see docs/run-logs.md); TTL on {@code expiresAt}.
 */
@Singleton
public class DynamoRunLogRepository implements RunLogRepository {
    public static final String BY_WORKSPACE = "byWorkspace";
    /** Details beyond this are cut (bodies first, then later exchanges) so an item always fits in DynamoDB. */
    static final int MAX_DETAILS_CHARS = 280_000;
    static final int MAX_SUMMARY_CHARS = 90_000;

    public static final class Item {
        public String pk, sk, wsPk, tenantKey, status, actionId, actionKey, connectionId, connectionKey, integrationKey;
        public String createdAt, summary, details;
        public Long expiresAt;
    }

    static final TableSchema<Item> SCHEMA = StaticTableSchema.builder(Item.class)
        .newItemSupplier(Item::new)
        .addAttribute(String.class, a -> a.name("pk").getter(i -> i.pk).setter((i, v) -> i.pk = v).tags(primaryPartitionKey()))
        .addAttribute(String.class, a -> a.name("sk").getter(i -> i.sk).setter((i, v) -> i.sk = v)
            .tags(primarySortKey(), secondarySortKey(BY_WORKSPACE)))
        .addAttribute(String.class, a -> a.name("wsPk").getter(i -> i.wsPk).setter((i, v) -> i.wsPk = v)
            .tags(secondaryPartitionKey(BY_WORKSPACE)))
        .addAttribute(String.class, a -> a.name("tenantKey").getter(i -> i.tenantKey).setter((i, v) -> i.tenantKey = v))
        .addAttribute(String.class, a -> a.name("status").getter(i -> i.status).setter((i, v) -> i.status = v))
        .addAttribute(String.class, a -> a.name("actionId").getter(i -> i.actionId).setter((i, v) -> i.actionId = v))
        .addAttribute(String.class, a -> a.name("actionKey").getter(i -> i.actionKey).setter((i, v) -> i.actionKey = v))
        .addAttribute(String.class, a -> a.name("connectionId").getter(i -> i.connectionId).setter((i, v) -> i.connectionId = v))
        .addAttribute(String.class, a -> a.name("connectionKey").getter(i -> i.connectionKey).setter((i, v) -> i.connectionKey = v))
        .addAttribute(String.class, a -> a.name("integrationKey").getter(i -> i.integrationKey).setter((i, v) -> i.integrationKey = v))
        .addAttribute(String.class, a -> a.name("createdAt").getter(i -> i.createdAt).setter((i, v) -> i.createdAt = v))
        .addAttribute(String.class, a -> a.name("summary").getter(i -> i.summary).setter((i, v) -> i.summary = v))
        .addAttribute(String.class, a -> a.name("details").getter(i -> i.details).setter((i, v) -> i.details = v))
        .addAttribute(Long.class, a -> a.name("expiresAt").getter(i -> i.expiresAt).setter((i, v) -> i.expiresAt = v))
        .build();

    private record Details(List<RunExchange> exchanges, List<RunLog.ConsoleEntry> console, Boolean truncated) {
    }

    private final DynamoDbTable<Item> table;
    private final DynamoDbIndex<Item> byWorkspace;
    private final JsonAttributes json;

    public DynamoRunLogRepository(DynamoDbEnhancedClient enhanced, TableNames tables, JsonAttributes json) {
        this.table = enhanced.table(tables.runLogs(), SCHEMA);
        this.byWorkspace = table.index(BY_WORKSPACE);
        this.json = json;
    }

    @Override
    public void save(RunLog log) {
        Item i = new Item();
        i.pk = log.workspaceId() + "#" + log.tenantKey();
        i.sk = log.id();
        i.wsPk = log.workspaceId();
        i.tenantKey = log.tenantKey();
        i.status = log.status();
        i.actionId = log.resolvedAction() == null ? null : log.resolvedAction().id();
        i.actionKey = log.resolvedAction() == null ? null : log.resolvedAction().key();
        i.connectionId = log.connectionId();
        i.connectionKey = log.connectionKey();
        i.integrationKey = log.integrationKey();
        i.createdAt = log.createdAt().toString();
        i.expiresAt = log.expiresAt();
        boolean truncated = Boolean.TRUE.equals(log.detailsTruncated());
        String details = json.write(new Details(log.exchanges(), log.console(), truncated ? Boolean.TRUE : null));
        if (details.length() > MAX_DETAILS_CHARS) {
            details = json.write(shrink(log.exchanges(), log.console()));
            truncated = true;
        }
        RunLog summary = summaryOf(log, truncated);
        String summaryJson = json.write(summary);
        if (summaryJson.length() > MAX_SUMMARY_CHARS) {
            ObjectNode marker = json.mapper().createObjectNode().put("truncated", true)
                .put("reason", "larger than the run log keeps; see the details' response body");
            summaryJson = json.write(new RunLog(summary.id(), summary.workspaceId(), summary.tenantKey(), summary.status(),
                summary.door(), summary.action(), summary.resolvedAction(), summary.connectionId(), summary.connectionKey(),
                summary.integrationId(), summary.integrationKey(), fits(summary.input(), marker), fits(summary.output(), marker),
                summary.error(), summary.meta(), summary.createdAt(), summary.completedAt(), summary.duration(),
                summary.attempts(), summary.outcome(), null, null, summary.detailsTruncated(), summary.expiresAt()));
        }
        i.summary = summaryJson;
        i.details = details;
        table.putItem(i);
    }

    private com.fasterxml.jackson.databind.JsonNode fits(com.fasterxml.jackson.databind.JsonNode node, ObjectNode marker) {
        return node != null && json.write(node).length() > MAX_SUMMARY_CHARS / 3 ? marker : node;
    }

    private static RunLog summaryOf(RunLog l, boolean truncated) {
        return new RunLog(l.id(), l.workspaceId(), l.tenantKey(), l.status(), l.door(), l.action(), l.resolvedAction(),
            l.connectionId(), l.connectionKey(), l.integrationId(), l.integrationKey(), l.input(), l.output(), l.error(),
            l.meta(), l.createdAt(), l.completedAt(), l.duration(), l.attempts(), l.outcome(), null, null,
            truncated ? Boolean.TRUE : null, l.expiresAt());
    }

    /** Keeps every exchange's metadata; cuts bodies to 1 KB, then drops exchanges from the middle if needed. */
    private Details shrink(List<RunExchange> exchanges, List<RunLog.ConsoleEntry> console) {
        List<RunExchange> cut = new ArrayList<>();
        for (RunExchange e : exchanges == null ? List.<RunExchange>of() : exchanges) {
            cut.add(new RunExchange(e.attempt(), e.startedAt(), e.waitedMillis(), e.method(), e.url(), e.requestHeaders(),
                clip(e.requestBody()), e.status(), e.responseHeaders(), clip(e.responseBody()), e.durationMillis(), e.error(), Boolean.TRUE));
        }
        List<RunLog.ConsoleEntry> lines = console == null ? null : console.subList(0, Math.min(console.size(), 200));
        Details d = new Details(cut, lines, Boolean.TRUE);
        while (json.write(d).length() > MAX_DETAILS_CHARS && d.exchanges().size() > 2) {
            List<RunExchange> fewer = new ArrayList<>(d.exchanges());
            fewer.remove(fewer.size() / 2);
            d = new Details(fewer, lines, Boolean.TRUE);
        }
        return d;
    }

    private static String clip(String s) {
        return s == null || s.length() <= 1024 ? s : s.substring(0, 1024) + "…[truncated]";
    }

    @Override
    public Optional<RunLog> find(String workspaceId, String tenantKey, String id) {
        if (id == null || id.length() > 100) {
            return Optional.empty();
        }
        Item i = table.getItem(GetItemEnhancedRequest.builder()
            .key(Key.builder().partitionValue(workspaceId + "#" + tenantKey).sortValue(id).build()).consistentRead(true).build());
        return Optional.ofNullable(i).map(this::toDomain);
    }

    /** A manager may read any run of the workspace by id: the id's tenant is not known, so use the index. */
    public Optional<RunLog> findInWorkspace(String workspaceId, String id) {
        var page = byWorkspace.query(QueryEnhancedRequest.builder()
            .queryConditional(QueryConditional.keyEqualTo(Key.builder().partitionValue(workspaceId).sortValue(id).build()))
            .limit(1).build()).iterator();
        if (!page.hasNext()) {
            return Optional.empty();
        }
        List<Item> items = page.next().items();
        return items.isEmpty() ? Optional.empty() : find(workspaceId, items.get(0).tenantKey, id);
    }

    @Override
    public Page<RunLog> list(String workspaceId, String tenantKey, Filter f, PageRequest page) {
        boolean workspaceWide = tenantKey == null;
        String partition = workspaceWide ? workspaceId : workspaceId + "#" + tenantKey;
        String partitionAttr = workspaceWide ? "wsPk" : "pk";
        Map<String, AttributeValue> start = Cursors.decode(page.cursor(), partitionAttr, partition,
            workspaceWide ? Set.of("sk", "pk") : Set.of("sk"));
        if (workspaceWide && start != null && (start.get("pk") == null || !start.get("pk").s().startsWith(workspaceId + "#"))) {
            throw ApiException.validation("Invalid cursor: pass the cursor value from a previous page unchanged");
        }
        QueryConditional condition;
        Key.Builder lower = Key.builder().partitionValue(partition);
        if (f.from() != null || f.to() != null) {
            long from = f.from() == null ? 0 : f.from().toEpochMilli();
            long to = f.to() == null ? System.currentTimeMillis() + 86_400_000L : f.to().toEpochMilli();
            condition = QueryConditional.sortBetween(lower.sortValue(Ids.timeBound("run", from, false)).build(),
                Key.builder().partitionValue(partition).sortValue(Ids.timeBound("run", to, true)).build());
        } else {
            condition = QueryConditional.sortBeginsWith(lower.sortValue("run_").build());
        }
        Expression filter = filter(f);
        List<Item> items = new ArrayList<>();
        Map<String, AttributeValue> last;
        do {
            QueryEnhancedRequest.Builder q = QueryEnhancedRequest.builder().queryConditional(condition)
                .scanIndexForward(false).limit(page.limit() - items.size()).exclusiveStartKey(start);
            if (!workspaceWide) {
                q.consistentRead(true);
            }
            if (filter != null) {
                q.filterExpression(filter);
            }
            var result = (workspaceWide ? byWorkspace.query(q.build()) : table.query(q.build())).iterator().next();
            items.addAll(result.items());
            last = result.lastEvaluatedKey();
            start = last;
        } while (items.size() < page.limit() && last != null && !last.isEmpty());
        String cursor = null;
        if (last != null && !last.isEmpty()) {
            Map<String, AttributeValue> key = new HashMap<>();
            if (items.isEmpty()) {
                key.putAll(last);
            } else {
                Item lastItem = items.get(items.size() - 1);
                key.put("pk", AttributeValue.fromS(lastItem.pk));
                key.put("sk", AttributeValue.fromS(lastItem.sk));
                if (workspaceWide) {
                    key.put("wsPk", AttributeValue.fromS(lastItem.wsPk));
                }
            }
            cursor = Cursors.encode(key, partitionAttr);
        }
        return new Page<>(items.stream().map(this::summaryOnly).toList(), cursor);
    }

    private static Expression filter(Filter f) {
        List<String> parts = new ArrayList<>();
        Map<String, AttributeValue> values = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        add(parts, values, names, "actionId", f.actionId());
        add(parts, values, names, "actionKey", f.actionKey());
        add(parts, values, names, "connectionId", f.connectionId());
        add(parts, values, names, "connectionKey", f.connectionKey());
        add(parts, values, names, "integrationKey", f.integrationKey());
        add(parts, values, names, "status", f.status());
        if (parts.isEmpty()) {
            return null;
        }
        return Expression.builder().expression(String.join(" AND ", parts)).expressionValues(values)
            .expressionNames(names).build();
    }

    private static void add(List<String> parts, Map<String, AttributeValue> values, Map<String, String> names, String attr, String v) {
        if (v != null) {
            parts.add("#" + attr + " = :" + attr);
            names.put("#" + attr, attr);
            values.put(":" + attr, AttributeValue.fromS(v));
        }
    }

    private RunLog summaryOnly(Item i) {
        return json.read(i.summary, RunLog.class);
    }

    private RunLog toDomain(Item i) {
        RunLog s = json.read(i.summary, RunLog.class);
        Details d = i.details == null ? null : json.read(i.details, new TypeReference<Details>() { });
        return new RunLog(s.id(), s.workspaceId(), s.tenantKey(), s.status(), s.door(), s.action(), s.resolvedAction(),
            s.connectionId(), s.connectionKey(), s.integrationId(), s.integrationKey(), s.input(), s.output(), s.error(),
            s.meta(), s.createdAt(), s.completedAt(), s.duration(), s.attempts(), s.outcome(),
            d == null ? null : d.exchanges(), d == null ? null : d.console(), s.detailsTruncated(), s.expiresAt());
    }
}
