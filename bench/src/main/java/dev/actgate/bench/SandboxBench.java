package dev.actgate.bench;

import com.fasterxml.jackson.databind.node.NullNode;
import dev.actgate.act.sandbox.JsSandbox;
import dev.actgate.act.sandbox.NoHostCalls;
import dev.actgate.act.sandbox.SandboxHost;
import dev.actgate.act.sandbox.SandboxLimits;
import dev.actgate.act.sandbox.SandboxResult;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the JavaScript sandbox costs on this machine: constructing it, the first run (which creates the GraalJS
 * engine), warm runs and a syntax check. A benchmark, not a test: it measures and prints, and fails only if the
 * trivial script does not return what it should.
 *   scripts/bench-sandbox [--runs 20]
 */
public final class SandboxBench {
    private static final String TRIVIAL = "module.exports = ({ input }) => ({ ok: true, input })";

    /** The benchmark's code makes no host calls. */
    private static final SandboxHost NO_HOST = new NoHostCalls("the benchmark script makes no host calls");

    private SandboxBench() {
    }

    public static void main(String[] args) {
        Map<String, String> flags = BenchSupport.flags(args, List.of("runs"));
        if (flags.containsKey("help")) {
            System.out.println("scripts/bench-sandbox [--runs 20]: sandbox construction, first run, warm runs, syntax check");
            return;
        }
        int runs = BenchSupport.intFlag(flags, "runs", 20, 2, 100_000);
        long constructed = System.nanoTime();
        try (JsSandbox sandbox = new JsSandbox()) {
            long constructorMicros = (System.nanoTime() - constructed) / 1_000;
            long first = System.nanoTime();
            if (!run(sandbox).output().path("ok").asBoolean()) {
                throw new IllegalStateException("the trivial script did not return ok: true");
            }
            long firstMillis = (System.nanoTime() - first) / 1_000_000;
            long[] warm = new long[runs];
            for (int i = 0; i < warm.length; i++) {
                long t = System.nanoTime();
                run(sandbox);
                warm[i] = (System.nanoTime() - t) / 1_000;
            }
            Arrays.sort(warm);
            long syntax = System.nanoTime();
            sandbox.checkSyntax(TRIVIAL);
            long syntaxMicros = (System.nanoTime() - syntax) / 1_000;
            double median = (warm[(runs - 1) / 2] + warm[runs / 2]) / 2.0 / 1000.0;
            System.out.println(BenchSupport.machine());
            System.out.printf(Locale.ROOT, "JsSandbox: constructor %d us, first run (engine creation) %d ms, warm run median %.2f ms"
                    + " (min %.2f, max %.2f, %d runs), checkSyntax %.2f ms%n", constructorMicros, firstMillis, median,
                warm[0] / 1000.0, warm[runs - 1] / 1000.0, runs, syntaxMicros / 1000.0);
        }
    }

    private static SandboxResult run(JsSandbox sandbox) {
        return sandbox.run(TRIVIAL, NullNode.getInstance(), null, null, NO_HOST, SandboxLimits.defaults());
    }
}
