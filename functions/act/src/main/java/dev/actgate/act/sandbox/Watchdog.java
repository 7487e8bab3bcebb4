package dev.actgate.act.sandbox;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.graalvm.polyglot.Context;

/**
 * Ends runs that overstay their wall-clock time or grow the heap too far, by cancelling their context. One daemon
 * timer thread serves every run in the JVM; the heap is sampled every {@value #SAMPLE_MILLIS} ms, and only while
 * some run is active.
 *
 * <p>The community edition of GraalJS has no per-context heap limit, so the heap guard is a heuristic over the shared
 * heap: a run is cancelled when heap use grew more than its limit since the run started, the run's own thread
 * allocated at least that much (so an idle run is not blamed for a busy neighbour), and the growth is not just
 * garbage: a GC since the run started left that much behind, or the heap is over 90% full. Garbage alone never
 * trips it, however fast it is made; retained memory trips it at the first GC after crossing the limit.
 */
final class Watchdog {
    enum Limit { TIMEOUT, STATEMENTS, HEAP }

    static final Watchdog SHARED = new Watchdog();
    static final long SAMPLE_MILLIS = 10;

    private final ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(daemon("actgate-js-watchdog"));
    // close(true) waits for the running thread to leave the context (a host call may take a while to notice the
    // interrupt), so it must never block the timer.
    private final ExecutorService canceller = Executors.newCachedThreadPool(daemon("actgate-js-cancel"));
    private final Set<Guard> active = ConcurrentHashMap.newKeySet();
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final com.sun.management.ThreadMXBean threads = allocationCounter();
    private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName)
        .collect(Collectors.toUnmodifiableSet());
    private ScheduledFuture<?> sampler; // guarded by this

    private Watchdog() {
    }

    /** Starts guarding a run executing on the current thread; release the guard when the run ends. */
    Guard watch(Context context, SandboxLimits limits) {
        return watch(context, limits, null);
    }

    /**
     * As {@link #watch(Context, SandboxLimits)}; {@code atTimeout} runs first when the time limit trips (on the
     * canceller thread, before the context is closed): it stops the host from starting more work and interrupts a
     * host call that blocks (an upstream that accepts and never answers), which closing the context alone cannot end.
     */
    Guard watch(Context context, SandboxLimits limits, Runnable atTimeout) {
        MemoryUsage heap = memory.getHeapMemoryUsage();
        long heapLimit = limits.maxHeapGrowthBytes();
        if (heap.getMax() > 0) {
            // Never allow more than half of what is left, or one run could exhaust the heap for everyone.
            heapLimit = Math.max(1, Math.min(heapLimit, (heap.getMax() - heap.getUsed()) / 2));
        }
        Thread self = Thread.currentThread();
        Guard guard = new Guard(context, heapLimit, heap.getUsed(), allocated(self.getId()), self.getId(),
            ManagementFactory.getRuntimeMXBean().getUptime());
        guard.atTimeout = atTimeout;
        guard.timeout = timer.schedule(() -> trip(guard, Limit.TIMEOUT), limits.timeout().toNanos(),
            TimeUnit.NANOSECONDS);
        active.add(guard);
        synchronized (this) {
            if (sampler == null || sampler.isDone()) {
                sampler = timer.scheduleAtFixedRate(this::sample, SAMPLE_MILLIS, SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
            }
        }
        return guard;
    }

    /** Stops guarding; returns the limit that was hit, or null when the run ended on its own. */
    Limit release(Guard guard) {
        guard.timeout.cancel(false);
        guard.tripped.compareAndSet(null, Guard.DONE);
        active.remove(guard);
        synchronized (this) {
            if (active.isEmpty() && sampler != null) {
                sampler.cancel(false);
                sampler = null;
            }
        }
        Object state = guard.tripped.get();
        return state instanceof Limit limit ? limit : null;
    }

    private void trip(Guard guard, Limit limit) {
        if (guard.tripped.compareAndSet(null, limit)) {
            canceller.execute(() -> {
                if (limit == Limit.TIMEOUT && guard.atTimeout != null) {
                    try {
                        guard.atTimeout.run();
                    } catch (RuntimeException ignored) {
                        // Closing the context below still ends the run.
                    }
                }
                try {
                    guard.context.close(true);
                } catch (RuntimeException ignored) {
                    // Already closed, or closing reports the cancellation itself: either way the run is over.
                }
            });
        }
    }

    private void sample() {
        try {
            MemoryUsage heap = memory.getHeapMemoryUsage();
            long used = heap.getUsed();
            // Near the top of the heap a GC has already had its chance: what is left is live, so act now.
            boolean nearlyFull = heap.getMax() > 0 && used > heap.getMax() / 10 * 9;
            long[] lastGc = null;
            for (Guard g : active) {
                g.baseline = Math.min(g.baseline, used);
                if (used - g.baseline <= g.heapLimit
                    || threads != null && allocated(g.threadId) - g.allocatedAtStart < g.heapLimit) {
                    continue;
                }
                if (lastGc == null) {
                    lastGc = lastGc();
                }
                boolean retained = lastGc[0] >= g.startedUptimeMillis && lastGc[1] - g.baseline > g.heapLimit;
                if (retained || nearlyFull) {
                    trip(g, Limit.HEAP);
                }
            }
        } catch (RuntimeException | OutOfMemoryError e) {
            // A periodic task that throws is never run again: skip this sample and keep guarding.
        }
    }

    /** {end time of the latest GC (ms of JVM uptime), heap used after it}; {-1, 0} when unknown. */
    private long[] lastGc() {
        long end = -1;
        long after = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (!(gc instanceof com.sun.management.GarbageCollectorMXBean sun)) {
                continue;
            }
            com.sun.management.GcInfo info = sun.getLastGcInfo();
            if (info == null || info.getEndTime() <= end) {
                continue;
            }
            long sum = 0;
            for (Map.Entry<String, MemoryUsage> e : info.getMemoryUsageAfterGc().entrySet()) {
                if (heapPools.contains(e.getKey())) {
                    sum += e.getValue().getUsed();
                }
            }
            end = info.getEndTime();
            after = sum;
        }
        return new long[] {end, after};
    }

    private long allocated(long threadId) {
        return threads == null ? 0 : Math.max(0, threads.getThreadAllocatedBytes(threadId));
    }

    /** Per-thread allocation counters, or null where the JVM has none (then every run counts as a possible culprit). */
    private static com.sun.management.ThreadMXBean allocationCounter() {
        try {
            ThreadMXBean bean = ManagementFactory.getThreadMXBean();
            if (bean instanceof com.sun.management.ThreadMXBean sun && sun.isThreadAllocatedMemorySupported()) {
                if (!sun.isThreadAllocatedMemoryEnabled()) {
                    sun.setThreadAllocatedMemoryEnabled(true);
                }
                return sun;
            }
        } catch (RuntimeException e) {
            // UnsupportedOperationException or SecurityException: fall back to the coarser rule.
        }
        return null;
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** One guarded run. */
    static final class Guard {
        static final Object DONE = new Object();

        final Context context;
        final long heapLimit;
        final long allocatedAtStart;
        final long threadId;
        final long startedUptimeMillis;
        /** null while running; then the Limit that cancelled it, or DONE. */
        final AtomicReference<Object> tripped = new AtomicReference<>();
        volatile long baseline;
        ScheduledFuture<?> timeout;
        /** Runs when the time limit trips, before the context is closed (null: nothing to interrupt). */
        volatile Runnable atTimeout;

        Guard(Context context, long heapLimit, long heapUsed, long allocatedAtStart, long threadId,
              long startedUptimeMillis) {
            this.context = context;
            this.heapLimit = heapLimit;
            this.baseline = heapUsed;
            this.allocatedAtStart = allocatedAtStart;
            this.threadId = threadId;
            this.startedUptimeMillis = startedUptimeMillis;
        }
    }
}
