package dev.actgate.shared.approvals;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.actgate.shared.storage.Cursors;
import dev.actgate.shared.storage.Ids;
import dev.actgate.shared.storage.JsonAttributes;
import dev.actgate.shared.storage.Page;
import dev.actgate.shared.storage.PageRequest;
import dev.actgate.shared.storage.TableNames;
import dev.actgate.shared.storage.Transactions;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The approvals table ({@code actgate.tables.approvals}). One partition per workspace ({@code pk} = workspace id):
 * <ul>
 *   <li>{@code sk = policies}: the ordered rules as one JSON document with a version (one GetItem per gated dispatch);</li>
 *   <li>{@code sk = webhook}: the approval webhook URL and its sealed secret;</li>
 *   <li>{@code sk = apr#<id>}: an approval (ids sort by time, so newest-first and from/to are key ranges), with
 *       {@code status}, {@code tenantKey}, {@code actionKey}, {@code actionId}, {@code expiresAt} as attributes for
 *       conditions and filters, and the whole record in {@code doc};</li>
 *   <li>{@code sk = key#<tenant>#<idempotencyKey>}: which approval a retry key belongs to.</li>
 * </ul>
 * TTL on {@code purgeAt}: approvals and key pointers go some days after they expire (docs/approvals.md).
 */
@Singleton
public record DynamoApprovalRepository(DynamoDbClient dynamo, JsonAttributes json, TableNames tables)
    implements ApprovalRepository {
    static final String POLICIES = "policies";
    static final String WEBHOOK = "webhook";
    static final String APPROVAL = "apr#";
    static final String KEY = "key#";
    private static final TypeReference<List<PolicyRule>> RULES = new TypeReference<>() { };

    @Override
    public Policies policies(String workspaceId) {
        Map<String, AttributeValue> item = get(workspaceId, POLICIES, false);
        if (item == null) {
            return new Policies(List.of(), 0);
        }
        return new Policies(List.copyOf(json.read(item.get("doc").s(), RULES)), Long.parseLong(item.get("version").n()));
    }

    @Override
    public boolean savePolicies(String workspaceId, List<PolicyRule> rules, long expectedVersion) {
        Map<String, AttributeValue> item = new HashMap<>(key(workspaceId, POLICIES));
        item.put("doc", s(json.write(rules)));
        item.put("version", n(expectedVersion + 1));
        try {
            if (expectedVersion == 0) {
                dynamo.putItem(p -> p.tableName(table()).item(item).conditionExpression("attribute_not_exists(pk)"));
            } else {
                dynamo.putItem(p -> p.tableName(table()).item(item).conditionExpression("version = :v")
                    .expressionAttributeValues(Map.of(":v", n(expectedVersion))));
            }
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public Approval create(Approval a) {
        Map<String, AttributeValue> pointer = new HashMap<>(key(a.workspaceId(), keySort(a.tenantKey(), a.idempotencyKey())));
        pointer.put("approvalId", s(a.id()));
        pointer.put("purgeAt", n(a.purgeAt()));
        try {
            dynamo.transactWriteItems(t -> t.transactItems(
                TransactWriteItem.builder().put(Put.builder().tableName(table()).item(pointer)
                    .conditionExpression("attribute_not_exists(pk)").build()).build(),
                TransactWriteItem.builder().put(Put.builder().tableName(table()).item(item(a))
                    .conditionExpression("attribute_not_exists(pk)").build()).build()));
            return a;
        } catch (TransactionCanceledException e) {
            if (Transactions.failedCondition(e) == 0) {
                return findByKey(a.workspaceId(), a.tenantKey(), a.idempotencyKey()).orElseThrow(() -> e);
            }
            throw e;
        }
    }

    @Override
    public Optional<Approval> find(String workspaceId, String id) {
        Map<String, AttributeValue> item = get(workspaceId, APPROVAL + id, true);
        return item == null ? Optional.empty() : Optional.of(json.read(item.get("doc").s(), Approval.class));
    }

    @Override
    public Optional<Approval> findByKey(String workspaceId, String tenantKey, String idempotencyKey) {
        Map<String, AttributeValue> pointer = get(workspaceId, keySort(tenantKey, idempotencyKey), true);
        if (pointer == null) {
            return Optional.empty();
        }
        return find(workspaceId, pointer.get("approvalId").s());
    }

    @Override
    public boolean transition(Approval next, String expectedStatus, String expectedLinkId) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":expected", s(expectedStatus));
        String condition = "#status = :expected";
        if (expectedLinkId != null) {
            condition += " AND linkId = :link";
            values.put(":link", s(expectedLinkId));
        }
        Map<String, AttributeValue> item = item(next);
        String finalCondition = condition;
        try {
            dynamo.putItem(p -> p.tableName(table()).item(item).conditionExpression(finalCondition)
                .expressionAttributeNames(Map.of("#status", "status")).expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public Page<Approval> list(String workspaceId, String tenantKey, Filter filter, PageRequest page) {
        Map<String, AttributeValue> start = Cursors.decode(page.cursor(), "pk", workspaceId, Set.of("sk"));
        if (start != null && !start.get("sk").s().startsWith(APPROVAL)) {
            throw dev.actgate.shared.errors.ApiException.validation("Invalid cursor: pass the cursor value from a previous page unchanged");
        }
        long now = System.currentTimeMillis();
        String lo = APPROVAL + Ids.timeBound("apr", filter.from() == null ? 0 : filter.from().toEpochMilli(), false);
        String hi = APPROVAL + Ids.timeBound("apr", filter.to() == null ? now + 86_400_000L : filter.to().toEpochMilli(), true);
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":pk", s(workspaceId), ":lo", s(lo), ":hi", s(hi)));
        Map<String, String> names = new HashMap<>();
        List<String> filters = new ArrayList<>();
        if (tenantKey != null) {
            filters.add("tenantKey = :tenant");
            values.put(":tenant", s(tenantKey));
        }
        if (filter.tenantKey() != null) {
            filters.add("tenantKey = :ftenant");
            values.put(":ftenant", s(filter.tenantKey()));
        }
        if (filter.actionKey() != null) {
            filters.add("actionKey = :actionKey");
            values.put(":actionKey", s(filter.actionKey()));
        }
        if (filter.actionId() != null) {
            filters.add("actionId = :actionId");
            values.put(":actionId", s(filter.actionId()));
        }
        if (filter.status() != null) {
            names.put("#status", "status");
            switch (filter.status()) {
                case Approval.EXPIRED -> {
                    filters.add("#status = :pending AND expiresAt < :now");
                    values.put(":pending", s(Approval.PENDING));
                    values.put(":now", n(now / 1000));
                }
                case Approval.PENDING -> {
                    filters.add("#status = :pending AND expiresAt >= :now");
                    values.put(":pending", s(Approval.PENDING));
                    values.put(":now", n(now / 1000));
                }
                default -> {
                    filters.add("#status = :status");
                    values.put(":status", s(filter.status()));
                }
            }
        }
        List<Approval> out = new ArrayList<>();
        Map<String, AttributeValue> from = start;
        for (int round = 0; round < 20 && out.size() < page.limit(); round++) {
            int remaining = page.limit() - out.size();
            Map<String, AttributeValue> exclusive = from;
            QueryResponse r = dynamo.query(q -> {
                q.tableName(table()).keyConditionExpression("pk = :pk AND sk BETWEEN :lo AND :hi").scanIndexForward(false)
                    .expressionAttributeValues(values).limit(remaining).exclusiveStartKey(exclusive);
                if (!filters.isEmpty()) {
                    q.filterExpression(String.join(" AND ", filters));
                }
                if (!names.isEmpty()) {
                    q.expressionAttributeNames(names);
                }
            });
            r.items().forEach(i -> out.add(json.read(i.get("doc").s(), Approval.class)));
            from = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
            if (from == null) {
                break;
            }
        }
        return new Page<>(out, from == null ? null : Cursors.encode(from, "pk"));
    }

    @Override
    public Optional<Webhook> webhook(String workspaceId) {
        Map<String, AttributeValue> item = get(workspaceId, WEBHOOK, false);
        return item == null ? Optional.empty() : Optional.of(json.read(item.get("doc").s(), Webhook.class));
    }

    @Override
    public void saveWebhook(String workspaceId, Webhook webhook) {
        Map<String, AttributeValue> item = new HashMap<>(key(workspaceId, WEBHOOK));
        item.put("doc", s(json.write(webhook)));
        dynamo.putItem(p -> p.tableName(table()).item(item));
    }

    @Override
    public void deleteWebhook(String workspaceId) {
        dynamo.deleteItem(d -> d.tableName(table()).key(key(workspaceId, WEBHOOK)));
    }

    private Map<String, AttributeValue> item(Approval a) {
        Map<String, AttributeValue> item = new HashMap<>(key(a.workspaceId(), APPROVAL + a.id()));
        item.put("doc", s(json.write(a)));
        item.put("status", s(a.status()));
        item.put("tenantKey", s(a.tenantKey()));
        item.put("expiresAt", n(a.expiresAt().getEpochSecond()));
        item.put("purgeAt", n(a.purgeAt()));
        String actionKey = a.request() == null ? null : a.request().path("action").path("key").asText(null);
        String actionId = a.request() == null ? null : a.request().path("action").path("id").asText(null);
        if (actionKey != null) {
            item.put("actionKey", s(actionKey));
        }
        if (actionId != null) {
            item.put("actionId", s(actionId));
        }
        if (a.linkId() != null) {
            item.put("linkId", s(a.linkId()));
        }
        return item;
    }

    private String table() {
        return tables.approvals();
    }

    private Map<String, AttributeValue> get(String workspaceId, String sk, boolean consistent) {
        Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(table()).key(key(workspaceId, sk)).consistentRead(consistent)).item();
        return item == null || item.isEmpty() ? null : item;
    }

    private static String keySort(String tenantKey, String idempotencyKey) {
        // The tenant key's length first: tenant keys and idempotency keys may both contain '#'.
        return KEY + tenantKey.length() + ":" + tenantKey + "#" + idempotencyKey;
    }

    private static Map<String, AttributeValue> key(String workspaceId, String sk) {
        return Map.of("pk", s(workspaceId), "sk", s(sk));
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }

    static Instant epoch(long seconds) {
        return Instant.ofEpochSecond(seconds);
    }
}
