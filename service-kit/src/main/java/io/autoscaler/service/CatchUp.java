package io.autoscaler.service;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells when a reader of a compacted topic has handled every record that was on the topic when it
 * started: the end offsets read at start-up reached, per partition, by the last record handled (applied,
 * or rejected to the dead-letter topic). Until then a service must not act on absence (a pool it has not
 * read yet is not a deleted pool). Safe from any thread: records are handled on the channel's thread,
 * the question is asked from others.
 */
public final class CatchUp {
    private final Map<Integer, Long> handled = new ConcurrentHashMap<>();
    private volatile Map<Integer, Long> endAtStart;
    private volatile boolean caughtUp;

    /** Notes that the record at {@code offset} of {@code partition} has been handled. */
    public void handled(int partition, long offset) {
        handled.merge(partition, offset, Math::max);
    }

    /** The highest offset handled on {@code partition}, -1 before any. */
    public long lastHandled(int partition) {
        return handled.getOrDefault(partition, -1L);
    }

    /** The end offset of every partition when the reader started; the first call counts. */
    public void endAtStart(Map<Integer, Long> ends) {
        if (endAtStart == null) {
            endAtStart = Map.copyOf(ends);
        }
    }

    public boolean knowsEnd() {
        return endAtStart != null;
    }

    /** Once true, stays true. */
    public boolean caughtUp() {
        Map<Integer, Long> ends = endAtStart;
        if (!caughtUp && ends != null) {
            caughtUp = ends.entrySet().stream().allMatch(e -> lastHandled(e.getKey()) >= e.getValue() - 1);
        }
        return caughtUp;
    }
}
