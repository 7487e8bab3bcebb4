package dev.actgate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.actgate.testing.SamTemplate;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code scripts/cost}: what a million calls cost on AWS at list prices, per door ({@code /act} inline api, the proxy,
 * a saved action) and upstream latency (Lambda bills the wait), from the figures one {@code scripts/bench-act} run
 * MEASURED (DynamoDB calls per call by operation, run-log item size and index projections, the handler time each door
 * adds) and the memory size in template.yaml. Every price is a named constant with the date it was taken; what is
 * assumed rather than measured is printed under the table. See docs/benchmarks.md ("Cost per million calls").
 */
public final class CostReport {
    // ---- AWS list prices, us-east-1, on-demand, first tier: the prices in effect since 2024-11-01 (the last change, the
    // DynamoDB on-demand reduction); Lambda arm64 and HTTP API prices are older. Written down on 2026-12-01 from the
    // AWS pricing pages as last read, NOT re-fetched from this machine (no access to aws.amazon.com here).
    static final String REGION = "us-east-1";
    static final String PRICES_DATE = "2024-11-01 (written down 2026-12-01)";
    /** Lambda, arm64 (template.yaml Architectures), per GB-second, first 6 billion GB-s per month. */
    static final double LAMBDA_ARM_PER_GB_SECOND = 0.0000133334;
    static final double LAMBDA_PER_MILLION_REQUESTS = 0.20;
    /** API Gateway HTTP API, first 300 million requests per month (a request up to 512 KB counts as one). */
    static final double HTTP_API_PER_MILLION = 1.00;
    /** DynamoDB on-demand (after the November 2024 price reduction). */
    static final double DYNAMO_PER_MILLION_WRITE_UNITS = 0.625;
    static final double DYNAMO_PER_MILLION_READ_UNITS = 0.125;
    static final double DYNAMO_STORAGE_PER_GB_MONTH = 0.25;
    /** CloudWatch Logs ingestion, per GB (Lambda writes START/END/REPORT lines per invoke). */
    static final double LOGS_INGEST_PER_GB = 0.50;

    // ---- Assumptions (not measured here).
    /** Bytes of log lines Lambda writes per invoke (START, END, REPORT; actgate itself logs nothing per call). */
    static final int ASSUMED_LOG_BYTES_PER_CALL = 350;
    /** DynamoDB's per-item storage overhead, per item and per index entry. */
    static final int DYNAMO_ITEM_OVERHEAD_BYTES = 100;
    /** Added to the measured local handler time for each DynamoDB call in AWS (network round trip, vs. loopback). */
    static final double ASSUMED_AWS_MS_PER_DYNAMO_CALL = 5.0;

    static final double[] UPSTREAM_MS = {10, 100, 500};

    // ---- Published prices of a hosted product, for comparison (docs/benchmarks.md names the source).
    static final String COMPOSIO = "Composio, over plan quota: $0.249–$0.299 per 1,000 calls = $249–$299 per million"
        + " (composio.dev/pricing as recorded in the project's reference notes, /work/shared/reference/peers.md, 2026-11)";

    private CostReport() {
    }

    public static void main(String[] args) {
        BenchSupport.main("cost", args, CostReport::run);
    }

    static int run(String[] args) throws Exception {
        Map<String, String> flags = BenchSupport.flags(args, List.of("from"));
        if (flags.containsKey("help") || !flags.containsKey("from")) {
            System.out.println("usage: scripts/cost [--from FILE]   (FILE holds a scripts/bench-act JSON line; scripts/cost runs a short"
                + " bench-act when none is given)");
            return flags.containsKey("help") ? 0 : 2;
        }
        String text = Files.readString(Path.of(flags.get("from")), StandardCharsets.UTF_8);
        String line = text.lines().filter(l -> l.startsWith("{\"bench\":\"act\"")).reduce((a, b) -> b)
            .orElseThrow(() -> new IllegalArgumentException("no bench-act JSON line in " + flags.get("from")));
        JsonNode bench = new ObjectMapper().readTree(line);
        Path template = SamTemplate.locate();
        int memoryMb = actMemoryMb(Files.readString(template));
        int retentionDays = retentionDays(Files.readString(template));

        JsonNode latency = bench.path("latency");
        double directP50 = find(latency, "direct", 1).path("p50").asDouble();
        JsonNode item = bench.path("runLogItem");
        double itemBytes = item.path("p50Bytes").asDouble();
        int allIndexes = 0;
        for (JsonNode p : item.path("indexProjections")) {
            if ("ALL".equals(p.asText())) {
                allIndexes++;
            }
        }
        // Write units and bytes per run log: the item's plus its index entries' by their real projected size (bench
        // lines since the run-log compaction carry both); older lines counted one full copy per index projecting ALL.
        boolean measuredEntries = item.has("indexWriteUnitsP50");
        double runLogWriteUnits = measuredEntries ? item.path("writeUnitsP50").asDouble() : RunLogItems.units(itemBytes) * (1 + allIndexes);
        double indexEntryBytes = measuredEntries ? item.path("indexEntryP50Bytes").asDouble() : itemBytes * allIndexes;
        JsonNode cpu = bench.path("cpu").path(0);

        System.out.println("Cost per million calls on AWS, list prices " + REGION + " as of " + PRICES_DATE + " (on-demand, first tiers),"
            + " act function at " + memoryMb + " MB arm64 (template.yaml)");
        System.out.println("Measured by scripts/bench-act on " + bench.path("date").asText() + " (" + bench.path("machine").asText()
            + ", load " + bench.path("loadAverageBefore").asText() + "): see the inputs below the table");
        System.out.println();
        List<List<String>> rows = new ArrayList<>();
        StringBuilder inputs = new StringBuilder();
        for (String door : List.of("byConnectionKey", "proxy", "savedAction")) {
            JsonNode counted = bench.path("dynamodb").path(door.equals("proxy") ? "byProxy" : door.equals("savedAction") ? "bySavedAction" : door);
            if (counted.isMissingNode()) {
                continue;
            }
            JsonNode ops = counted.path("perActByOperation");
            double puts = ops.path("PutItem").asDouble() + ops.path("UpdateItem").asDouble() + ops.path("TransactWriteItems").asDouble()
                + ops.path("DeleteItem").asDouble();
            double reads = ops.path("GetItem").asDouble() + ops.path("Query").asDouble() + ops.path("BatchGetItem").asDouble();
            double calls = counted.path("callsPerAct").asDouble();
            // Each run-log write: the item, plus one copy per index projecting ALL, each in 1 KB units.
            double writeUnits = puts * runLogWriteUnits;
            double readUnits = reads; // consistent GetItem of a small item (≤ 4 KB) = 1 read unit
            double overheadMs = Math.max(0, counted.path("actP50MsWithProxy").asDouble() - directP50);
            double awsOverheadMs = overheadMs + calls * ASSUMED_AWS_MS_PER_DYNAMO_CALL;
            double storageGb = 1e6 * (itemBytes + DYNAMO_ITEM_OVERHEAD_BYTES + indexEntryBytes) / 1e9;
            double storage = storageGb * DYNAMO_STORAGE_PER_GB_MONTH * retentionDays / 30.0;
            for (double upstream : UPSTREAM_MS) {
                double billedMs = Math.ceil(upstream + awsOverheadMs);
                double lambda = 1e6 * billedMs / 1000.0 * memoryMb / 1024.0 * LAMBDA_ARM_PER_GB_SECOND + LAMBDA_PER_MILLION_REQUESTS;
                double dynamo = writeUnits * DYNAMO_PER_MILLION_WRITE_UNITS + readUnits * DYNAMO_PER_MILLION_READ_UNITS;
                double logs = 1e6 * ASSUMED_LOG_BYTES_PER_CALL / 1e9 * LOGS_INGEST_PER_GB;
                double total = lambda + HTTP_API_PER_MILLION + dynamo + storage + logs;
                rows.add(List.of(label(door), fmt(upstream, 0) + " ms", fmt(billedMs, 0), money(lambda), money(HTTP_API_PER_MILLION),
                    money(dynamo), money(storage), money(logs), money(total)));
            }
            inputs.append(String.format(Locale.ROOT, "  %-22s %.2f DynamoDB calls/call (%.2f writes, %.2f reads) → %.1f WRU + %.1f RRU;"
                    + " handler time above the app %.1f ms measured locally (+%.0f ms assumed for AWS round trips)%n",
                label(door), calls, puts, reads, writeUnits, readUnits, overheadMs, calls * ASSUMED_AWS_MS_PER_DYNAMO_CALL));
        }
        System.out.print(BenchSupport.table(List.of("door", "upstream", "billed ms", "Lambda", "HTTP API", "DynamoDB", "run-log storage",
            "logs", "total / 1M"), rows));
        System.out.println();
        System.out.println("Inputs (measured by bench-act unless marked assumed):");
        System.out.print(inputs);
        System.out.printf(Locale.ROOT, "  run-log item median %.0f B (p90 %.0f B), index projections %s, index entries %.0f B"
                + " → %.0f write unit(s) per run log (item + index entries)%n",
            itemBytes, item.path("p90Bytes").asDouble(), item.path("indexProjections"), indexEntryBytes, runLogWriteUnits);
        System.out.printf(Locale.ROOT, "  CPU per /act (whole-JVM upper bound, c=1): %.2f ms; direct call %.2f ms%n",
            cpu.path("actMinusDirectCpuMs").asDouble(), cpu.path("directCpuMsPerRequest").asDouble());
        System.out.println("  memory " + memoryMb + " MB (template.yaml ActFunction MemorySize); run-log retention " + retentionDays
            + " days (template default RunLogRetentionDays)");
        System.out.println("Assumed: billed ms = upstream latency + the measured local overhead + " + fmt(ASSUMED_AWS_MS_PER_DYNAMO_CALL, 0)
            + " ms per DynamoDB call; " + ASSUMED_LOG_BYTES_PER_CALL + " B of Lambda log lines per invoke; warm instances (no"
            + " cold-start or SnapStart restore time, no KMS call: the data key is cached); no data transfer out; free tiers ignored.");
        System.out.println("For comparison: " + COMPOSIO);
        return 0;
    }

    private static String label(String door) {
        return switch (door) {
            case "byConnectionKey" -> "/act inline api";
            case "proxy" -> "proxy";
            default -> "saved action";
        };
    }

    private static JsonNode find(JsonNode latency, String target, int concurrency) {
        for (JsonNode n : latency) {
            if (n.path("target").asText().equals(target) && n.path("concurrency").asInt() == concurrency) {
                return n;
            }
        }
        throw new IllegalArgumentException("the bench-act line has no " + target + " row at concurrency " + concurrency);
    }

    static int actMemoryMb(String template) {
        Matcher m = Pattern.compile("ActFunction:\\s*\\n(?:.*\\n){0,40}?\\s+MemorySize:\\s*(\\d+)").matcher(template);
        if (m.find()) {
            return Integer.parseInt(m.group(1));
        }
        Matcher global = Pattern.compile("MemorySize:\\s*(\\d+)").matcher(template);
        return global.find() ? Integer.parseInt(global.group(1)) : 1024;
    }

    static int retentionDays(String template) {
        Matcher m = Pattern.compile("RunLogRetentionDays:\\s*\\n(?:.*\\n){0,3}?\\s+Default:\\s*(\\d+)").matcher(template);
        return m.find() ? Integer.parseInt(m.group(1)) : 30;
    }

    private static String fmt(double v, int decimals) {
        return BenchSupport.fmt(v, decimals);
    }

    private static String money(double v) {
        return String.format(Locale.ROOT, "$%.2f", v);
    }
}
