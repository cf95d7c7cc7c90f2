package io.autoscaler.decisionengine;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * CPU time of this JVM's threads, by kind of thread (the name without its number), between two
 * readings: where a benchmark's time went, less at the mercy of a shared machine's load than elapsed
 * time (a thread waiting for a core is not charged).
 */
final class ThreadCpu {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private final Map<Long, Long> startNanos = new HashMap<>();

    ThreadCpu() {
        for (long id : THREADS.getAllThreadIds()) {
            startNanos.put(id, Math.max(0, THREADS.getThreadCpuTime(id)));
        }
    }

    /** Per kind of thread, the CPU ms since this reading started, largest first, as one line each. */
    String since(double perUnits, String unit) {
        Map<String, Long> byKind = new HashMap<>();
        for (long id : THREADS.getAllThreadIds()) {
            ThreadInfo info = THREADS.getThreadInfo(id);
            long cpu = THREADS.getThreadCpuTime(id);
            if (info != null && cpu > 0) {
                byKind.merge(kind(info.getThreadName()), cpu - startNanos.getOrDefault(id, 0L), Long::sum);
            }
        }
        long total = byKind.values().stream().mapToLong(Long::longValue).sum();
        return byKind.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(10)
                .map(e -> String.format("  %-60s %7.0f ms, %6.1f µs per %s", e.getKey(), e.getValue() / 1e6,
                        e.getValue() / 1e3 / perUnits, unit))
                .collect(Collectors.joining("\n", String.format("CPU of this JVM's threads: %.0f ms, %.1f µs per %s%n",
                        total / 1e6, total / 1e3 / perUnits, unit), ""));
    }

    private static String kind(String name) {
        return name.replaceAll("[-_ ]?\\d+$", "").replaceAll("\\d+-thread", "N-thread");
    }
}
