package dev.actgate.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/** What both benchmark drivers share: flags, percentiles, a plain-text table, the machine line, clean-up. */
final class BenchSupport {
    private BenchSupport() {
    }

    /** {@code --name value} and {@code --name=value} flags; {@code --help} is reported as the key "help". */
    static Map<String, String> flags(String[] args, List<String> known) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                flags.put("help", "");
                continue;
            }
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("Unexpected argument '" + a + "'");
            }
            String name = a.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
            if (!known.contains(name)) {
                throw new IllegalArgumentException("Unknown flag --" + name + " (known: --" + String.join(", --", known) + ")");
            }
            flags.put(name, value);
        }
        return flags;
    }

    static int intFlag(Map<String, String> flags, String name, int def, int min, int max) {
        String v = flags.get(name);
        if (v == null) {
            return def;
        }
        int n;
        try {
            n = Integer.parseInt(v.replace(",", "").replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, not '" + v + "'");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException("--" + name + " must be between " + min + " and " + max);
        }
        return n;
    }

    /** Nearest-rank percentile of an ascending array (p in 0..100). */
    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
    }

    /** The median (mean of the middle two for an even count). */
    static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        if (s.length == 0) {
            return Double.NaN;
        }
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static double round(double v, int decimals) {
        double f = Math.pow(10, decimals);
        return Math.round(v * f) / f;
    }

    static String fmt(double v, int decimals) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    /** "Linux 6.1 x86_64, 2 cores, OpenJDK 17.0.15" — the line every figure should travel with. */
    static String machine() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "?";
        }
        return System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch")
            + ", " + Runtime.getRuntime().availableProcessors() + " cores, " + cpuModel() + ", "
            + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " (host " + host + ")";
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim().replaceAll("\\s+", " ");
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return "cpu ?";
    }

    /** The 1, 5 and 15 minute load averages ("?" where there are none): figures taken under load are worth little. */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    /** A plain-text table with right-aligned numeric columns. */
    static String table(List<String> header, List<List<String>> rows) {
        int[] width = new int[header.size()];
        for (int i = 0; i < header.size(); i++) {
            width[i] = header.get(i).length();
        }
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                width[i] = Math.max(width[i], row.get(i).length());
            }
        }
        StringBuilder b = new StringBuilder();
        appendRow(b, header, width, true);
        List<String> rule = new ArrayList<>();
        for (int w : width) {
            rule.add("-".repeat(w));
        }
        appendRow(b, rule, width, true);
        for (List<String> row : rows) {
            appendRow(b, row, width, false);
        }
        return b.toString();
    }

    private static void appendRow(StringBuilder b, List<String> cells, int[] width, boolean left) {
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            boolean alignLeft = left || i == 0;
            String pad = " ".repeat(width[i] - c.length());
            b.append(i == 0 ? "" : " | ").append(alignLeft ? c + pad : pad + c);
        }
        b.append('\n');
    }

    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }

    /** What a bench's main does: run it, exit 2 on a bad flag (message only), 1 on a failed set-up, else its code. */
    interface Bench {
        int run(String[] args) throws Exception;
    }

    static void main(String name, String[] args, Bench bench) {
        int code;
        try {
            code = bench.run(args);
        } catch (IllegalArgumentException e) {
            System.err.println(name + ": " + e.getMessage());
            code = 2;
        } catch (Exception e) {
            e.printStackTrace();
            code = 1;
        }
        System.exit(code);
    }
}
