package dev.actgate.shared.runs;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.storage.Cursors;
import dev.actgate.shared.storage.Ids;
import dev.actgate.shared.storage.JsonAttributes;
import dev.actgate.shared.storage.Keys;
import dev.actgate.shared.storage.Page;
import dev.actgate.shared.storage.PageRequest;
import dev.actgate.shared.storage.TableNames;
import jakarta.inject.Singleton;
import software.amazon.awssdk.core.SdkBytes;
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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondarySortKey;

/**
 * The run-logs table: the queries (a tenant's runs, a workspace's runs, one run) and the item layout; what goes
 * into an item and how a large run is cut is {@link RunLogSizePolicy}'s (docs/run-logs.md, docs/storage.md).
 *
 * <p>Partition {@code pk} = {@code workspaceId#tenantKey}, sort key {@code sk} = the run id (time-sortable, so
 * newest-first is a reverse query and a time range is a key range); TTL on {@code expiresAt}. The summary and the
 * details are stored compressed ({@link RunLogCodec}) in the binary attributes {@code s} and {@code d}; the filter
 * attributes ({@code status}, {@code actionId}, …) stay plain so DynamoDB can filter on them.
 *
 * <p>Managers list a whole workspace through the {@code byWorkspaceShard} index, which projects only the summary and
 * the filter attributes ({@link #INDEX_ATTRIBUTES}). Its partition {@code wsPk} = {@code workspaceId#shard}, the shard
 * derived from the run id, so a busy workspace's writes spread over {@link RunLogSettings#getWorkspaceShards()} index
 * partitions instead of one; the listing reads every shard and merges them newest first.
 *
 * <p>Items of the previous layout (JSON text {@code summary} / {@code details}, {@code wsPk} = the workspace id) are
 * still read, here and through the index (where they form one more, unsharded, partition), until TTL removes them.
 */
@Singleton
public class DynamoRunLogRepository implements RunLogRepository {
    public static final String BY_WORKSPACE = "byWorkspaceShard";
    /** The non-key attributes the workspace index projects: what the listing, its filters and {@code errorText} read. */
    public static final List<String> INDEX_ATTRIBUTES = List.of("s", "status", "actionId", "actionKey", "connectionId",
        "connectionKey", "integrationKey", "summary");
    /** Summaries in one list page, well under the 6 MB a Lambda function may return. */
    static final int MAX_PAGE_BYTES = 4_000_000;
    static final int MAX_TEXT_SEARCH_QUERIES = 20;
    /** Cursor value of a shard that has nothing more to give. */
    private static final String DONE = "-";
    /** The cursor field of the unsharded index partition that items of the previous layout live in. */
    private static final String LEGACY_SOURCE = "L";

    public static final class Item {
        public String pk, sk, wsPk, status, actionId, actionKey, connectionId, connectionKey, integrationKey;
        public SdkBytes s, d;
        public Long expiresAt;
        /** The previous layout's attributes: read, never written. */
        public String tenantKey, createdAt, summary, details;
    }

    static final TableSchema<Item> SCHEMA = StaticTableSchema.builder(Item.class)
        .newItemSupplier(Item::new)
        .addAttribute(String.class, a -> a.name("pk").getter(i -> i.pk).setter((i, v) -> i.pk = v).tags(primaryPartitionKey()))
        .addAttribute(String.class, a -> a.name("sk").getter(i -> i.sk).setter((i, v) -> i.sk = v)
            .tags(primarySortKey(), secondarySortKey(BY_WORKSPACE)))
        .addAttribute(String.class, a -> a.name("wsPk").getter(i -> i.wsPk).setter((i, v) -> i.wsPk = v)
            .tags(secondaryPartitionKey(BY_WORKSPACE)))
        .addAttribute(String.class, a -> a.name("status").getter(i -> i.status).setter((i, v) -> i.status = v))
        .addAttribute(String.class, a -> a.name("actionId").getter(i -> i.actionId).setter((i, v) -> i.actionId = v))
        .addAttribute(String.class, a -> a.name("actionKey").getter(i -> i.actionKey).setter((i, v) -> i.actionKey = v))
        .addAttribute(String.class, a -> a.name("connectionId").getter(i -> i.connectionId).setter((i, v) -> i.connectionId = v))
        .addAttribute(String.class, a -> a.name("connectionKey").getter(i -> i.connectionKey).setter((i, v) -> i.connectionKey = v))
        .addAttribute(String.class, a -> a.name("integrationKey").getter(i -> i.integrationKey).setter((i, v) -> i.integrationKey = v))
        .addAttribute(SdkBytes.class, a -> a.name("s").getter(i -> i.s).setter((i, v) -> i.s = v))
        .addAttribute(SdkBytes.class, a -> a.name("d").getter(i -> i.d).setter((i, v) -> i.d = v))
        .addAttribute(Long.class, a -> a.name("expiresAt").getter(i -> i.expiresAt).setter((i, v) -> i.expiresAt = v))
        .addAttribute(String.class, a -> a.name("tenantKey").getter(i -> i.tenantKey).setter((i, v) -> i.tenantKey = v))
        .addAttribute(String.class, a -> a.name("createdAt").getter(i -> i.createdAt).setter((i, v) -> i.createdAt = v))
        .addAttribute(String.class, a -> a.name("summary").getter(i -> i.summary).setter((i, v) -> i.summary = v))
        .addAttribute(String.class, a -> a.name("details").getter(i -> i.details).setter((i, v) -> i.details = v))
        .build();

    private final DynamoDbTable<Item> table;
    /**
     * The plain client, for the run-log write on every call's path: the same item map the enhanced client would build
     * ({@link #SCHEMA}, nulls left out), sent as a plain PutItem, without the enhanced client's per-call
     * table-operation, extension and request-override stages (docs/benchmarks.md). Reads go through the table.
     */
    private final software.amazon.awssdk.services.dynamodb.DynamoDbClient plain;
    private final String tableName;
    private final DynamoDbIndex<Item> byWorkspace;
    private final JsonAttributes json;
    private final RunLogSizePolicy policy;
    private final int shards;

    public DynamoRunLogRepository(DynamoDbEnhancedClient enhanced, software.amazon.awssdk.services.dynamodb.DynamoDbClient client,
                                  TableNames tables, JsonAttributes json, RunLogSettings settings) {
        this.table = enhanced.table(tables.runLogs(), SCHEMA);
        this.tableName = tables.runLogs();
        this.plain = client;
        this.byWorkspace = table.index(BY_WORKSPACE);
        this.json = json;
        this.policy = new RunLogSizePolicy(json);
        this.shards = settings.getWorkspaceShards();
    }

    /** The shard of a run: from its id's random part, so a workspace's writes spread evenly over the shards. */
    static int shardOf(String runId, int shards) {
        int h = 0;
        for (int k = Math.max(0, runId.length() - 16); k < runId.length(); k++) {
            h = 31 * h + runId.charAt(k);
        }
        return Math.floorMod(h, shards);
    }

    /** The index partition of shard {@code shard} of a workspace: {@code workspaceId#shard}. */
    static String shardKey(String workspaceId, int shard) {
        return Keys.join(workspaceId, Integer.toString(shard));
    }

    @Override
    public void save(RunLog log) {
        Item i = new Item();
        i.pk = Keys.tenantScope(log.workspaceId(), log.tenantKey());
        i.sk = log.id();
        i.wsPk = shardKey(log.workspaceId(), shardOf(log.id(), shards));
        i.status = log.status();
        i.actionId = log.resolvedAction() == null ? null : log.resolvedAction().id();
        i.actionKey = log.resolvedAction() == null ? null : log.resolvedAction().key();
        i.connectionId = log.connectionId();
        i.connectionKey = log.connectionKey();
        i.integrationKey = log.integrationKey();
        i.expiresAt = log.expiresAt();
        RunLogSizePolicy.Fitted fitted = policy.fit(log, otherBytes(i));
        i.s = SdkBytes.fromByteArrayUnsafe(RunLogCodec.pack(fitted.summaryJson()));
        i.d = SdkBytes.fromByteArrayUnsafe(RunLogCodec.pack(fitted.detailsJson()));
        plain.putItem(software.amazon.awssdk.services.dynamodb.model.PutItemRequest.builder().tableName(tableName)
            .item(SCHEMA.itemToMap(i, true)).build());
    }

    /** What the item's attributes besides the summary and the details take (names, keys, filter values). */
    private static int otherBytes(Item i) {
        int n = 200;   // attribute names and the expiresAt number
        for (String v : new String[] {i.pk, i.sk, i.wsPk, i.status, i.actionId, i.actionKey, i.connectionId,
            i.connectionKey, i.integrationKey}) {
            n += RunLogSizePolicy.utf8Length(v);
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

    /**
     * A manager may read any run of the workspace by id: the id's tenant is not known, so the index says it. The run's
     * own shard answers first; the other shards (a run written before the shard count was raised) and the unsharded
     * partition of the previous layout are asked only when it has no such run.
     */
    public Optional<RunLog> findInWorkspace(String workspaceId, String id) {
        if (id == null || id.isEmpty() || id.length() > 100) {
            return Optional.empty();
        }
        int own = shardOf(id, shards);
        List<String> partitions = new ArrayList<>();
        partitions.add(shardKey(workspaceId, own));
        partitions.add(workspaceId);
        for (int k = 0; k < shards; k++) {
            if (k != own) {
                partitions.add(shardKey(workspaceId, k));
            }
        }
        for (String partition : partitions) {
            var page = byWorkspace.query(QueryEnhancedRequest.builder()
                .queryConditional(QueryConditional.keyEqualTo(Key.builder().partitionValue(partition).sortValue(id).build()))
                .attributesToProject("pk").limit(1).build()).iterator();
            List<Item> items = page.hasNext() ? page.next().items() : List.of();
            if (!items.isEmpty()) {
                return find(workspaceId, tenantOf(workspaceId, items.get(0).pk), id);
            }
        }
        return Optional.empty();
    }

    private static String tenantOf(String workspaceId, String pk) {
        return pk.substring(workspaceId.length() + Keys.SEPARATOR.length());
    }

    @Override
    public Page<RunLog> list(String workspaceId, String tenantKey, Filter f, PageRequest page) {
        Range range = Range.of(f);
        if (range == null) {
            return new Page<>(List.of(), null);   // e.g. from in the future and no to: nothing can match
        }
        return tenantKey == null ? listWorkspace(workspaceId, f, range, page) : listTenant(workspaceId, tenantKey, f, range, page);
    }

    /** The run-id range of a query: all runs, or those of a time range (ids start with their time). */
    private record Range(String low, String high, boolean bounded) {
        static Range of(Filter f) {
            if (f.from() == null && f.to() == null) {
                return new Range("run_", "run_~", false);
            }
            long from = f.from() == null ? 0 : millis(f.from());
            long to = f.to() == null ? System.currentTimeMillis() + 86_400_000L : millis(f.to());
            String low = Ids.timeBound("run", from, false);
            String high = Ids.timeBound("run", to, true);
            return low.compareTo(high) > 0 ? null : new Range(low, high, true);
        }

        QueryConditional on(String partition) {
            return bounded
                ? QueryConditional.sortBetween(Key.builder().partitionValue(partition).sortValue(low).build(),
                    Key.builder().partitionValue(partition).sortValue(high).build())
                : QueryConditional.sortBeginsWith(Key.builder().partitionValue(partition).sortValue("run_").build());
        }

        /** DynamoDB refuses a start key outside the key condition with an error that would look like an outage. */
        boolean holds(String sk) {
            return Ids.looksLikeId(sk, "run") && sk.compareTo(low) >= 0 && sk.compareTo(high) <= 0;
        }
    }

    private static ApiException invalidCursor() {
        return ApiException.validation("Invalid cursor: pass the cursor value from a previous page unchanged, with the same filters");
    }

    /** One tenant's runs: a strongly consistent query of its own partition. */
    private Page<RunLog> listTenant(String workspaceId, String tenantKey, Filter f, Range range, PageRequest page) {
        String partition = Keys.tenantScope(workspaceId, tenantKey);
        Map<String, AttributeValue> start = Cursors.decode(page.cursor(), "pk", partition, Set.of("sk"));
        if (start != null && !range.holds(start.get("sk").s())) {
            throw invalidCursor();
        }
        Expression filter = filter(f);
        String errorText = f.errorText() == null ? null : f.errorText().toLowerCase(Locale.ROOT);
        List<Listed> items = new ArrayList<>();
        Map<String, AttributeValue> last;
        int bytes = 0;
        boolean full = false;
        int queries = 0;
        do {
            queries++;
            QueryEnhancedRequest.Builder q = QueryEnhancedRequest.builder().queryConditional(range.on(partition))
                .scanIndexForward(false).limit(page.limit() - items.size()).exclusiveStartKey(start).consistentRead(true);
            if (filter != null) {
                q.filterExpression(filter);
            }
            var result = table.query(q.build()).iterator().next();
            for (Item item : result.items()) {
                Listed listed = listed(item);
                if (listed == null || errorText != null && !errorMatches(listed.run(), errorText)) {
                    continue;
                }
                // A Lambda response stops at 6 MB: a page of large summaries ends early, with a cursor.
                if (!items.isEmpty() && bytes + listed.bytes() > MAX_PAGE_BYTES) {
                    full = true;
                    break;
                }
                items.add(listed);
                bytes += listed.bytes();
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
                key.put("sk", AttributeValue.fromS(items.get(items.size() - 1).sk()));
            }
            cursor = Cursors.encode(key, "pk");
        }
        return new Page<>(items.stream().map(Listed::run).toList(), cursor);
    }

    /** A summary read for a list page, with its sort key and its size in the answer. */
    private record Listed(String sk, String pk, RunLog run, int bytes) {
    }

    /** Null for an item that is not a run log (the bench's baseline gateway writes bare items into this table). */
    private Listed listed(Item item) {
        String summary = summaryJson(item);
        if (summary == null) {
            return null;
        }
        return new Listed(item.sk, item.pk, json.read(summary, RunLog.class), RunLogSizePolicy.utf8Length(summary));
    }

    /**
     * One index partition of a workspace listing: what was read from it and not yet answered, and how far it was read.
     * {@code answeredTo} is the last position whose runs are all answered (null: from the top); {@code readTo} the
     * position DynamoDB stopped at (null with {@code exhausted}: the partition has no more).
     */
    private static final class Source {
        final String name;
        final String partition;
        final ArrayDeque<Listed> unanswered = new ArrayDeque<>();
        Map<String, AttributeValue> answeredTo;
        Map<String, AttributeValue> readTo;
        boolean exhausted;

        Source(String name, String partition) {
            this.name = name;
            this.partition = partition;
        }

        boolean hasMore() {
            return !unanswered.isEmpty() || !exhausted;
        }
    }

    /**
     * A whole workspace, newest first: every shard of the index (and the unsharded partition of the previous layout)
     * is read in sequence, a few runs at a time, and merged by run id (ids sort by time). A run is answered only once
     * every shard that may still hold a newer one has been read past it, so pages have no gaps and no duplicates. The
     * cursor holds each shard's position ({@code <shard>} → run id, {@code <shard>.t} → its tenant, {@code -} when the
     * shard is done), in the one cursor format ({@link Cursors}); the partitions are rebuilt from the caller's own
     * workspace, so a forged cursor can only move within it.
     */
    private Page<RunLog> listWorkspace(String workspaceId, Filter f, Range range, PageRequest page) {
        List<Source> sources = new ArrayList<>();
        for (int k = 0; k < shards; k++) {
            sources.add(new Source(Integer.toString(k), shardKey(workspaceId, k)));
        }
        sources.add(new Source(LEGACY_SOURCE, workspaceId));
        restore(sources, page.cursor(), workspaceId, range);
        Expression filter = filter(f);
        String errorText = f.errorText() == null ? null : f.errorText().toLowerCase(Locale.ROOT);
        int maxQueries = errorText == null ? Integer.MAX_VALUE : MAX_TEXT_SEARCH_QUERIES * sources.size();
        // Runs spread evenly over the shards: each is asked for its share of the page (and a little more), and asked
        // again only when its share is used up before the page is full.
        int share = Math.min(page.limit(), (page.limit() + shards - 1) / shards + 2);
        List<Listed> answered = new ArrayList<>();
        int bytes = 0;
        int queries = 0;
        boolean stopped = false;
        while (answered.size() < page.limit()) {
            for (Source s : sources) {
                while (s.unanswered.isEmpty() && !s.exhausted && queries < maxQueries) {
                    queries++;
                    read(s, range, filter, errorText, share);
                }
                if (s.unanswered.isEmpty() && !s.exhausted) {
                    stopped = true;   // the text search's budget is spent: answer what is certain, with a cursor
                }
            }
            if (stopped) {
                break;
            }
            Source newest = null;
            for (Source s : sources) {
                if (!s.unanswered.isEmpty() && (newest == null || s.unanswered.peek().sk().compareTo(newest.unanswered.peek().sk()) > 0)) {
                    newest = s;
                }
            }
            if (newest == null) {
                break;   // every shard is done
            }
            Listed next = newest.unanswered.peek();
            // A Lambda response stops at 6 MB: a page of large summaries ends early, with a cursor.
            if (!answered.isEmpty() && bytes + next.bytes() > MAX_PAGE_BYTES) {
                break;
            }
            newest.unanswered.poll();
            newest.answeredTo = position(newest.partition, next.pk(), next.sk());
            if (newest.unanswered.isEmpty()) {
                newest.answeredTo = newest.readTo;   // what was read past it did not match the filters
            }
            answered.add(next);
            bytes += next.bytes();
        }
        boolean more = sources.stream().anyMatch(Source::hasMore);
        return new Page<>(answered.stream().map(Listed::run).toList(), more ? cursor(sources, workspaceId) : null);
    }

    private void read(Source s, Range range, Expression filter, String errorText, int limit) {
        QueryEnhancedRequest.Builder q = QueryEnhancedRequest.builder().queryConditional(range.on(s.partition))
            .scanIndexForward(false).limit(limit).exclusiveStartKey(s.answeredTo);
        if (filter != null) {
            q.filterExpression(filter);
        }
        var result = byWorkspace.query(q.build()).iterator().next();
        for (Item item : result.items()) {
            Listed listed = listed(item);
            if (listed != null && (errorText == null || errorMatches(listed.run(), errorText))) {
                s.unanswered.add(listed);
            }
        }
        Map<String, AttributeValue> last = result.lastEvaluatedKey();
        s.exhausted = last == null || last.isEmpty();
        s.readTo = s.exhausted ? null : last;
        if (s.unanswered.isEmpty()) {
            s.answeredTo = s.readTo;   // nothing matched: the next read starts where this one stopped
        }
    }

    private static Map<String, AttributeValue> position(String partition, String pk, String sk) {
        Map<String, AttributeValue> key = new HashMap<>();
        key.put("wsPk", AttributeValue.fromS(partition));
        key.put("pk", AttributeValue.fromS(pk));
        key.put("sk", AttributeValue.fromS(sk));
        return key;
    }

    private static String cursor(List<Source> sources, String workspaceId) {
        Map<String, AttributeValue> fields = new LinkedHashMap<>();
        fields.put(WORKSPACE_FIELD, AttributeValue.fromS(workspaceId));
        for (Source s : sources) {
            if (!s.hasMore()) {
                fields.put(s.name, AttributeValue.fromS(DONE));
            } else if (s.answeredTo != null) {
                fields.put(s.name, s.answeredTo.get("sk"));
                fields.put(s.name + ".t", AttributeValue.fromS(tenantOf(workspaceId, s.answeredTo.get("pk").s())));
            }
        }
        return Cursors.encode(fields, "wsPk");
    }

    /** Puts each shard back where the cursor says; anything a cursor of this workspace and range cannot hold is a 400. */
    private void restore(List<Source> sources, String cursor, String workspaceId, Range range) {
        if (cursor == null || cursor.isBlank()) {
            return;
        }
        Set<String> allowed = new java.util.HashSet<>();
        allowed.add(WORKSPACE_FIELD);
        for (Source s : sources) {
            allowed.add(s.name);
            allowed.add(s.name + ".t");
        }
        Map<String, AttributeValue> fields = Cursors.decode(cursor, "wsPk", workspaceId, allowed);
        fields.remove("wsPk");
        // A cursor names the workspace it was made in: another workspace's cursor is refused, not reinterpreted.
        AttributeValue madeIn = fields.remove(WORKSPACE_FIELD);
        if (madeIn == null || !workspaceId.equals(madeIn.s()) || fields.isEmpty()) {
            throw invalidCursor();
        }
        for (Source s : sources) {
            AttributeValue sk = fields.get(s.name);
            AttributeValue tenant = fields.get(s.name + ".t");
            if (sk == null) {
                if (tenant != null) {
                    throw invalidCursor();
                }
                continue;
            }
            if (DONE.equals(sk.s())) {
                if (tenant != null) {
                    throw invalidCursor();
                }
                s.exhausted = true;
                continue;
            }
            if (tenant == null || tenant.s().isEmpty() || tenant.s().length() > MAX_TENANT_CHARS || !range.holds(sk.s())) {
                throw invalidCursor();
            }
            s.answeredTo = position(s.partition, Keys.tenantScope(workspaceId, tenant.s()), sk.s());
        }
    }

    private static final int MAX_TENANT_CHARS = 512;
    private static final String WORKSPACE_FIELD = "w";

    private boolean errorMatches(RunLog summary, String lowerText) {
        if (summary.error() == null) {
            return false;
        }
        String message = summary.error().message() == null ? "" : summary.error().message().toLowerCase(Locale.ROOT);
        String code = summary.error().code() == null ? "" : summary.error().code().toLowerCase(Locale.ROOT);
        return message.contains(lowerText) || code.contains(lowerText);
    }

    /** Ids hold 10 base32 characters of milliseconds (50 bits): times outside that range are clamped to it. */
    private static final long MAX_ID_MILLIS = (1L << 50) - 1;

    private static long millis(Instant t) {
        if (t.isBefore(Instant.EPOCH)) {
            return 0;
        }
        if (t.isAfter(Instant.ofEpochMilli(MAX_ID_MILLIS))) {
            return MAX_ID_MILLIS;
        }
        return t.toEpochMilli();
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

    /** The summary JSON of an item of either layout. */
    private static String summaryJson(Item i) {
        return i.s != null ? RunLogCodec.unpack(i.s.asByteArrayUnsafe()) : i.summary;
    }

    private RunLog toDomain(Item i) {
        RunLog s = json.read(summaryJson(i), RunLog.class);
        String detailsJson = i.d != null ? RunLogCodec.unpack(i.d.asByteArrayUnsafe()) : i.details;
        RunLogSizePolicy.Details d = detailsJson == null ? null : json.read(detailsJson, new TypeReference<RunLogSizePolicy.Details>() { });
        return new RunLog(s.id(), s.workspaceId(), s.tenantKey(), s.status(), s.door(), s.action(), s.resolvedAction(),
            s.connectionId(), s.connectionKey(), s.integrationId(), s.integrationKey(), s.input(), s.output(), s.error(),
            s.meta(), s.createdAt(), s.completedAt(), s.duration(), s.attempts(), s.outcome(),
            d == null ? null : d.exchanges(), d == null ? null : d.console(), s.detailsTruncated(), s.expiresAt(), s.traceId());
    }
}
