package io.autoscaler.demo;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.TimeUnit;

/** The two kinds of load a request can ask for. */
final class Load {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private Load() {
    }

    /**
     * Keeps this thread on a CPU for {@code ms} of CPU time (not wall time), so that N requests cost N×ms of
     * CPU however crowded the machine is: that is what makes CPU-based scaling observable.
     */
    static long burnCpu(long ms) {
        long target = TimeUnit.MILLISECONDS.toNanos(ms);
        long start = THREADS.getCurrentThreadCpuTime();
        long sink = 0;
        while (THREADS.getCurrentThreadCpuTime() - start < target) {
            for (int i = 0; i < 10_000; i++) {
                sink += i * 31L ^ sink;
            }
        }
        return sink;
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
