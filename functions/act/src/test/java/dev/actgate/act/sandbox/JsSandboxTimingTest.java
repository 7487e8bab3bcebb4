package dev.actgate.act.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.NullNode;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Prints (never asserts) what a cold engine and a warm run cost on this machine. */
class JsSandboxTimingTest {
    private static final String TRIVIAL = "module.exports = ({ input }) => ({ ok: true, input })";

    @Test
    void printFirstRunAndWarmRunTimes() {
        long constructed = System.nanoTime();
        try (JsSandbox sandbox = new JsSandbox()) {
            long constructorMicros = (System.nanoTime() - constructed) / 1_000;
            long first = System.nanoTime();
            assertEquals(true, run(sandbox).output().get("ok").asBoolean());
            long firstMillis = (System.nanoTime() - first) / 1_000_000;
            long[] warm = new long[20];
            for (int i = 0; i < warm.length; i++) {
                long t = System.nanoTime();
                run(sandbox);
                warm[i] = (System.nanoTime() - t) / 1_000;
            }
            Arrays.sort(warm);
            long syntax = System.nanoTime();
            sandbox.checkSyntax(TRIVIAL);
            long syntaxMicros = (System.nanoTime() - syntax) / 1_000;
            System.out.printf("JsSandbox timing: constructor %d us, first run (engine creation) %d ms, warm run median %.2f ms"
                    + " (min %.2f, max %.2f), checkSyntax %.2f ms%n", constructorMicros, firstMillis,
                (warm[9] + warm[10]) / 2 / 1000.0, warm[0] / 1000.0, warm[19] / 1000.0, syntaxMicros / 1000.0);
        }
    }

    private static SandboxResult run(JsSandbox sandbox) {
        return sandbox.run(TRIVIAL, NullNode.getInstance(), null, null, new FakeHost(), SandboxLimits.defaults());
    }
}
