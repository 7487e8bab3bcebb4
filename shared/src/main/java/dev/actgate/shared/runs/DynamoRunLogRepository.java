package dev.actgate.shared.runs;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.actgate.shared.storage.Keys;
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
 * item limit by {@link RunLogSizePolicy} (see docs/run-logs.md); TTL on {@code expiresAt}.
 */
@Singleton
public class DynamoRunLogRepository implements RunLogRepository {
    public static final String BY_WORKSPACE = "byWorkspace";
    /** Summaries in one list page, well under the 6 MB a Lambda function may return. */
    static final int MAX_PAGE_BYTES = 4_000_000;

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

    private final DynamoDbTable<Item> table;
    private final DynamoDbIndex<Item> byWorkspace;
    private final JsonAttributes json;
    private final RunLogSizePolicy policy;

    public DynamoRunLogRepository(DynamoDbEnhancedClient enhanced, TableNames tables, JsonAttributes json) {
        this.table = enhanced.table(tables.runLogs(), SCHEMA);
        this.byWorkspace = table.index(BY_WORKSPACE);
        this.json = json;
        this.policy = new RunLogSizePolicy(json);
    }

    @Override
    public void save(RunLog log) {
        Item i = new Item();
        i.pk = Keys.tenantScope(log.workspaceId(), log.tenantKey());
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
        RunLogSizePolicy.Fitted fitted = policy.fit(log, keyBytes(i));
        i.summary = fitted.summaryJson();
        i.details = fitted.detailsJson();
        table.putItem(i);
    }

    private static int keyBytes(Item i) {
        int n = 200;   // attribute names and the expiresAt number
        for (String v : new String[] {i.pk, i.sk, i.wsPk, i.tenantKey, i.status, i.actionId, i.actionKey, i.connectionId,
            i.connectionKey, i.integrationKey, i.createdAt}) {
            n += v == null ? 0 : RunLogSizePolicy.utf8Length(v);
        }
        return n;
    }

    @Override
    public Optional<RunLog> find(String workspaceId, String tenantKey, String id) {
        if (id == null || id.length() > 100) {
            return Optional.empty();
        }
        Item i = table.getItem(GetItemEnhancedRequest.builder()
            .key(Key.builder().partitionValue(Keys.tenantScope(workspaceId, tenantKey)).sortValue(id).build()).consistentRead(true).build());
        return Optional.ofNullable(i).map(this::toDomain);
    }

    /** A manager may read any run of the workspace by id: the id's tenant is not known, so use the index. */
    public Optional<RunLog> findInWorkspace(String workspaceId, String id) {
        if (id == null || id.isEmpty() || id.length() > 100) {
            return Optional.empty();
        }
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
        String partition = workspaceWide ? workspaceId : Keys.tenantScope(workspaceId, tenantKey);
        String partitionAttr = workspaceWide ? "wsPk" : "pk";
        Map<String, AttributeValue> start = Cursors.decode(page.cursor(), partitionAttr, partition,
            workspaceWide ? Set.of("sk", "pk") : Set.of("sk"));
        if (workspaceWide && start != null && (start.get("pk") == null || !start.get("pk").s().startsWith(workspaceId + "#")
            || start.get("pk").s().length() > MAX_PK_CHARS)) {
            throw ApiException.validation("Invalid cursor: pass the cursor value from a previous page unchanged");
        }
        QueryConditional condition;
        Key.Builder lower = Key.builder().partitionValue(partition);
        String low = "run_";
        String high = "run_~";
        if (f.from() != null || f.to() != null) {
            long from = f.from() == null ? 0 : millis(f.from());
            long to = f.to() == null ? System.currentTimeMillis() + 86_400_000L : millis(f.to());
            low = Ids.timeBound("run", from, false);
            high = Ids.timeBound("run", to, true);
            if (low.compareTo(high) > 0) {
                return new Page<>(List.of(), null);   // e.g. from in the future and no to: nothing can match
            }
            condition = QueryConditional.sortBetween(lower.sortValue(low).build(),
                Key.builder().partitionValue(partition).sortValue(high).build());
        } else {
            condition = QueryConditional.sortBeginsWith(lower.sortValue("run_").build());
        }
        // DynamoDB refuses a start key outside the key condition (or not a key at all) with an error that would
        // look like an outage; a cursor we made always holds a run id inside the query's range.
        if (start != null && !validStart(start.get("sk"), low, high)) {
            throw ApiException.validation("Invalid cursor: pass the cursor value from a previous page unchanged, with the same filters");
        }
        Expression filter = filter(f);
        List<Item> items = new ArrayList<>();
        Map<String, AttributeValue> last;
        int bytes = 0;
        boolean full = false;
        // Text in the error is matched here, case-insensitively, on the error's message and code (DynamoDB cannot
        // compare without case); the scan is bounded so a rare text answers a short page with a cursor.
        String errorText = f.errorText() == null ? null : f.errorText().toLowerCase(java.util.Locale.ROOT);
        int queries = 0;
        do {
            queries++;
            QueryEnhancedRequest.Builder q = QueryEnhancedRequest.builder().queryConditional(condition)
                .scanIndexForward(false).limit(page.limit() - items.size()).exclusiveStartKey(start);
            if (!workspaceWide) {
                q.consistentRead(true);
            }
            if (filter != null) {
                q.filterExpression(filter);
            }
            var result = (workspaceWide ? byWorkspace.query(q.build()) : table.query(q.build())).iterator().next();
            for (Item item : result.items()) {
                if (errorText != null && !errorMatches(item, errorText)) {
                    continue;
                }
                // A Lambda response stops at 6 MB: a page of large summaries ends early, with a cursor.
                int size = RunLogSizePolicy.utf8Length(item.summary);
                if (!items.isEmpty() && bytes + size > MAX_PAGE_BYTES) {
                    full = true;
                    break;
                }
                items.add(item);
                bytes += size;
            }
            last = result.lastEvaluatedKey();
            start = last;
        } while (!full && items.size() < page.limit() && last != null && !last.isEmpty()
            && (errorText == null || queries < MAX_TEXT_SEARCH_QUERIES));
        String cursor = null;
        if (full || (last != null && !last.isEmpty())) {
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

    static final int MAX_TEXT_SEARCH_QUERIES = 20;

    private boolean errorMatches(Item item, String lowerText) {
        RunLog summary = summaryOnly(item);
        if (summary.error() == null) {
            return false;
        }
        String message = summary.error().message() == null ? "" : summary.error().message().toLowerCase(java.util.Locale.ROOT);
        String code = summary.error().code() == null ? "" : summary.error().code().toLowerCase(java.util.Locale.ROOT);
        return message.contains(lowerText) || code.contains(lowerText);
    }

    /** Ids hold 10 base32 characters of milliseconds (50 bits): times outside that range are clamped to it. */
    private static final long MAX_ID_MILLIS = (1L << 50) - 1;
    private static final int MAX_PK_CHARS = 600;

    private static long millis(Instant t) {
        if (t.isBefore(Instant.EPOCH)) {
            return 0;
        }
        if (t.isAfter(Instant.ofEpochMilli(MAX_ID_MILLIS))) {
            return MAX_ID_MILLIS;
        }
        return t.toEpochMilli();
    }

    private static boolean validStart(AttributeValue sk, String low, String high) {
        String id = sk == null ? null : sk.s();
        return Ids.looksLikeId(id, "run") && id.compareTo(low) >= 0 && id.compareTo(high) <= 0;
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
        RunLogSizePolicy.Details d = i.details == null ? null : json.read(i.details, new TypeReference<RunLogSizePolicy.Details>() { });
        return new RunLog(s.id(), s.workspaceId(), s.tenantKey(), s.status(), s.door(), s.action(), s.resolvedAction(),
            s.connectionId(), s.connectionKey(), s.integrationId(), s.integrationKey(), s.input(), s.output(), s.error(),
            s.meta(), s.createdAt(), s.completedAt(), s.duration(), s.attempts(), s.outcome(),
            d == null ? null : d.exchanges(), d == null ? null : d.console(), s.detailsTruncated(), s.expiresAt(), s.traceId());
    }
}
