package dev.actgate.local.adversarial;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The suite's figure: per category, how many attempts were made, how many were not handled as they should have been,
 * and how many got a 5xx. Findings are grouped by a signature (route, status, error code) so 200 fuzz cases that hit
 * the same bug show up as one finding with a count and its first reproduction.
 */
final class Tally {
    static final class Finding {
        final String signature;
        final String reproduction;
        final String observed;
        final String why;
        int count;

        Finding(String signature, String reproduction, String observed, String why) {
            this.signature = signature;
            this.reproduction = reproduction;
            this.observed = observed;
            this.why = why;
        }
    }

    static final class Category {
        final String name;
        final AtomicInteger attempts = new AtomicInteger();
        final AtomicInteger failures = new AtomicInteger();
        final AtomicInteger fiveXx = new AtomicInteger();
        final Map<String, Finding> findings = new LinkedHashMap<>();
        final List<String> notes = new ArrayList<>();
        volatile String about = "";
        volatile long millis;

        Category(String name) {
            this.name = name;
        }

        /** Counts one attempt; {@code problem} null means it was handled as it should. */
        void record(String label, RawHttp.Request request, RawHttp.Response response, String problem) {
            record(label, null, request, response, problem);
        }

        /** As above; {@code firstNote} (e.g. the fuzz index) is kept with the first occurrence of a finding. */
        void record(String label, String firstNote, RawHttp.Request request, RawHttp.Response response, String problem) {
            attempts.incrementAndGet();
            if (response != null && response.status() >= 500) {
                fiveXx.incrementAndGet();
            }
            if (problem == null) {
                return;
            }
            failures.incrementAndGet();
            String signature = label;
            synchronized (findings) {
                Finding f = findings.computeIfAbsent(signature, k -> new Finding(k,
                    (firstNote == null ? "" : firstNote + ": ") + (request == null ? "(see label)" : request.describe(400)),
                    response == null ? "-" : response.describe(400), problem));
                f.count++;
            }
        }

        /** An attempt that is not an HTTP request (e.g. a state check after the attack). */
        void check(String label, boolean ok, String detail) {
            attempts.incrementAndGet();
            if (!ok) {
                failures.incrementAndGet();
                synchronized (findings) {
                    findings.computeIfAbsent(label, k -> new Finding(k, "(state check)", detail, detail)).count++;
                }
            }
        }

        void note(String text) {
            synchronized (notes) {
                notes.add(text);
            }
        }

        String report() {
            StringBuilder b = new StringBuilder();
            b.append(String.format("%-18s %8d attempts %6d not handled %5d 5xx  (%.1f s)%n", name, attempts.get(), failures.get(),
                fiveXx.get(), millis / 1000.0));
            if (!about.isEmpty()) {
                b.append("    tried: ").append(about).append('\n');
            }
            synchronized (notes) {
                for (String n : notes) {
                    b.append("    note: ").append(n).append('\n');
                }
            }
            synchronized (findings) {
                for (Finding f : findings.values()) {
                    b.append("    FINDING x").append(f.count).append(": ").append(f.signature).append('\n');
                    b.append("      why:      ").append(f.why).append('\n');
                    b.append("      request:  ").append(f.reproduction).append('\n');
                    b.append("      observed: ").append(f.observed).append('\n');
                }
            }
            return b.toString();
        }

        /**
         * One case as its own JUnit dynamic test, named for the case, so a failure names it: the test fails when the
         * case added failures to this category (the attempts still count in the figure either way).
         */
        org.junit.jupiter.api.DynamicTest attempt(String name, Runnable attempt) {
            return org.junit.jupiter.api.DynamicTest.dynamicTest(name, () -> {
                int before = failures.get();
                attempt.run();
                assertNoNewFailures(before);
            });
        }

        /** Fails the calling test when this category gained failures since {@code before}. */
        void assertNoNewFailures(int before) {
            org.junit.jupiter.api.Assertions.assertEquals(before, failures.get(), failureMessage());
        }

        String failureMessage() {
            return "\n" + report();
        }
    }

    private final Map<String, Category> categories = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();

    /** Something that makes the figure incomplete without being a product finding (e.g. the fuzz time bound hit). */
    synchronized void warn(String text) {
        warnings.add(text);
    }

    synchronized Category category(String name) {
        return categories.computeIfAbsent(name, Category::new);
    }

    synchronized String summary(long seed) {
        StringBuilder b = new StringBuilder();
        b.append("\n==================== actgate adversarial suite (seed ").append(seed).append(") ====================\n");
        int attempts = 0;
        int failures = 0;
        int five = 0;
        for (Category c : categories.values()) {
            b.append(c.report());
            attempts += c.attempts.get();
            failures += c.failures.get();
            five += c.fiveXx.get();
        }
        b.append(String.format("%nFIGURE: %d attempts, %d not handled as they should (must be 0), %d 5xx responses (must be 0)%n",
            attempts, failures, five));
        for (String w : warnings) {
            b.append("INCOMPLETE: ").append(w).append('\n');
        }
        b.append("=====================================================================================\n");
        return b.toString();
    }
}
