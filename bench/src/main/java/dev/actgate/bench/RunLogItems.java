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

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Measures what the run-log writes of a bench run cost in DynamoDB write units: the size of every run-log item by
 * DynamoDB's item-size rules (attribute names plus values), and the projection of each global secondary index (an
 * index that projects ALL is written again at about the item's size; KEYS_ONLY / INCLUDE at the size of what it
 * projects). Items of the baseline gateway (attribute {@code bench}) are left out.
 */
final class RunLogItems {
    record Measured(int items, double p50Bytes, double p90Bytes, double maxBytes, Map<String, String> indexProjections,
                    double writeUnitsP50, double writeUnitsP90) {
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
            List<Double> sizes = new ArrayList<>();
            Map<String, AttributeValue> start = null;
            do {
                ScanRequest.Builder req = ScanRequest.builder().tableName(table);
                if (start != null) {
                    req.exclusiveStartKey(start);
                }
                ScanResponse page = dynamo.scan(req.build());
                for (Map<String, AttributeValue> item : page.items()) {
                    if (!item.containsKey("bench")) {
                        sizes.add((double) size(item));
                    }
                }
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (start != null);
            Map<String, String> projections = new LinkedHashMap<>();
            List<GlobalSecondaryIndexDescription> gsis = dynamo.describeTable(r -> r.tableName(table)).table().globalSecondaryIndexes();
            if (gsis != null) {
                gsis.forEach(g -> projections.put(g.indexName(), g.projection().projectionTypeAsString()));
            }
            double[] sorted = sizes.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double p50 = BenchSupport.percentile(sorted, 50);
            double p90 = BenchSupport.percentile(sorted, 90);
            long allIndexes = projections.values().stream().filter("ALL"::equals).count();
            return new Measured(sorted.length, p50, p90, sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1], projections,
                units(p50) * (1 + allIndexes), units(p90) * (1 + allIndexes));
        }
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
