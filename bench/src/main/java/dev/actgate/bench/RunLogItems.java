package dev.actgate.bench;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Measures what the run-log writes of a bench run cost in DynamoDB write units: the size of every run-log item by
 * DynamoDB's item-size rules (attribute names plus values), and, for every global secondary index, the size of the
 * entry the item puts there by the index's real projection (its key attributes, the table's key attributes and the
 * projected ones — all of them for ALL, none for KEYS_ONLY, the named ones for INCLUDE — plus DynamoDB's 100 bytes of
 * index-entry overhead, counted to be safe). Write units per run log = ⌈item ÷ 1 KB⌉ + Σ over indexes ⌈entry ÷ 1 KB⌉,
 * an index counting only where the item has its key. Items of the baseline gateway (attribute {@code bench}) are left
 * out.
 */
final class RunLogItems {
    /** DynamoDB's per-entry overhead of a secondary index (counted in the index entry's size). */
    static final int INDEX_ENTRY_OVERHEAD_BYTES = 100;

    record Measured(int items, double p50Bytes, double p90Bytes, double maxBytes, Map<String, String> indexProjections,
                    double indexEntryP50Bytes, double indexEntryP90Bytes, double itemWriteUnitsP50, double indexWriteUnitsP50,
                    double writeUnitsP50, double writeUnitsP90) {
    }

    private record Index(String name, String projection, Set<String> keys, Set<String> included) {
        /** The entry this item puts in the index, or -1 when it has none (no index key). */
        long entryBytes(Map<String, AttributeValue> item, Set<String> tableKeys) {
            if (!item.keySet().containsAll(keys)) {
                return -1;
            }
            long n = INDEX_ENTRY_OVERHEAD_BYTES;
            for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
                String a = e.getKey();
                boolean projected = keys.contains(a) || tableKeys.contains(a) || "ALL".equals(projection)
                    || ("INCLUDE".equals(projection) && included.contains(a));
                if (projected) {
                    n += a.getBytes(StandardCharsets.UTF_8).length + size(e.getValue());
                }
            }
            return n;
        }
    }

    private RunLogItems() {
    }

    static Measured measure(String table) {
        try (DynamoDbClient dynamo = DynamoDbClient.builder()
            .region(Region.of(System.getProperty("aws.region", "us-east-1")))
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                System.getProperty("aws.access-key-id", "local"), System.getProperty("aws.secret-key", "local"))))
            .endpointOverride(URI.create(System.getProperty("aws.services.dynamodb.endpoint-override")))
            .httpClient(UrlConnectionHttpClient.create()).build()) {
            TableDescription description = dynamo.describeTable(r -> r.tableName(table)).table();
            Set<String> tableKeys = new HashSet<>();
            description.keySchema().forEach(k -> tableKeys.add(k.attributeName()));
            Map<String, String> projections = new LinkedHashMap<>();
            List<Index> indexes = new ArrayList<>();
            List<GlobalSecondaryIndexDescription> gsis = description.globalSecondaryIndexes();
            if (gsis != null) {
                for (GlobalSecondaryIndexDescription g : gsis) {
                    String type = g.projection().projectionTypeAsString();
                    Set<String> included = new HashSet<>(g.projection().nonKeyAttributes());
                    projections.put(g.indexName(), type + (included.isEmpty() ? "" : " " + new java.util.TreeSet<>(included)));
                    Set<String> keys = new HashSet<>();
                    g.keySchema().forEach(k -> keys.add(k.attributeName()));
                    indexes.add(new Index(g.indexName(), type, keys, included));
                }
            }
            List<Double> sizes = new ArrayList<>();
            List<Double> entries = new ArrayList<>();
            List<Double> itemUnits = new ArrayList<>();
            List<Double> indexUnits = new ArrayList<>();
            Map<String, AttributeValue> start = null;
            do {
                ScanRequest.Builder req = ScanRequest.builder().tableName(table);
                if (start != null) {
                    req.exclusiveStartKey(start);
                }
                ScanResponse page = dynamo.scan(req.build());
                for (Map<String, AttributeValue> item : page.items()) {
                    if (item.containsKey("bench")) {
                        continue;
                    }
                    long bytes = size(item);
                    sizes.add((double) bytes);
                    itemUnits.add(units(bytes));
                    double units = 0;
                    long entryTotal = 0;
                    for (Index index : indexes) {
                        long entry = index.entryBytes(item, tableKeys);
                        if (entry >= 0) {
                            units += units(entry);
                            entryTotal += entry;
                        }
                    }
                    indexUnits.add(units);
                    entries.add((double) entryTotal);
                }
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (start != null);
            double[] sorted = sorted(sizes);
            double[] entrySorted = sorted(entries);
            double[] total = new double[sizes.size()];
            for (int k = 0; k < total.length; k++) {
                total[k] = itemUnits.get(k) + indexUnits.get(k);
            }
            java.util.Arrays.sort(total);
            return new Measured(sorted.length, BenchSupport.percentile(sorted, 50), BenchSupport.percentile(sorted, 90),
                sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1], projections,
                BenchSupport.percentile(entrySorted, 50), BenchSupport.percentile(entrySorted, 90),
                BenchSupport.percentile(sorted(itemUnits), 50), BenchSupport.percentile(sorted(indexUnits), 50),
                BenchSupport.percentile(total, 50), BenchSupport.percentile(total, 90));
        }
    }

    private static double[] sorted(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }

    /** Write units of one write of an item of this size: 1 per started KB. */
    static double units(double bytes) {
        return Math.max(1, Math.ceil(bytes / 1024.0));
    }

    /** DynamoDB's item size: UTF-8 names plus values (numbers ≈ 1 byte per 2 significant digits + 1). */
    static long size(Map<String, AttributeValue> item) {
        long total = 0;
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            total += e.getKey().getBytes(StandardCharsets.UTF_8).length + size(e.getValue());
        }
        return total;
    }

    private static long size(AttributeValue v) {
        if (v.s() != null) {
            return v.s().getBytes(StandardCharsets.UTF_8).length;
        }
        if (v.n() != null) {
            String digits = v.n().replaceAll("[^0-9]", "").replaceAll("^0+", "");
            return (digits.length() + 1) / 2 + 1;
        }
        if (v.b() != null) {
            return v.b().asByteArray().length;
        }
        if (v.bool() != null || Boolean.TRUE.equals(v.nul())) {
            return 1;
        }
        if (v.hasM()) {
            return 3 + v.m().size() + size(v.m());
        }
        if (v.hasL()) {
            return 3 + v.l().size() + v.l().stream().mapToLong(RunLogItems::size).sum();
        }
        if (v.hasSs()) {
            return v.ss().stream().mapToLong(s -> s.getBytes(StandardCharsets.UTF_8).length).sum();
        }
        return 0;
    }
}
