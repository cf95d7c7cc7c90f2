package io.autoscaler.metricscollector;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.CpuStatsConfig;
import com.github.dockerjava.api.model.MemoryStatsConfig;
import com.github.dockerjava.api.model.Statistics;

import io.autoscaler.metricscollector.core.CpuSample;
import io.autoscaler.metricscollector.core.CpuUsage;
import io.autoscaler.metricscollector.core.InstanceReading;

/**
 * Docker's streaming stats of one container: Docker pushes a frame every second carrying this
 * sample and the one before, so a tick only reads the latest frame and never waits on Docker
 * (a non-streaming stats call blocks one to two seconds per container).
 */
final class StatsStream extends ResultCallback.Adapter<Statistics> {
    /** A stream silent for this long is stuck; it is closed and reopened. */
    static final long STALE_NANOS = 5_000_000_000L;

    final String pool;
    final String instanceId;
    final String containerId;
    private final long openedAt = System.nanoTime();
    /** Unknown (NaN) until the container has been inspected. */
    private volatile double limitCpus = Double.NaN;
    private volatile Statistics latest;
    private volatile long receivedAt;
    private volatile boolean ended;

    StatsStream(String pool, String instanceId, String containerId) {
        this.pool = pool;
        this.instanceId = instanceId;
        this.containerId = containerId;
    }

    void limitCpus(double cpus) {
        limitCpus = cpus;
    }

    /** Docker hands over the connection; when the stream was given up while it was opening, let go at once. */
    @Override
    public void onStart(Closeable connection) {
        super.onStart(connection);
        if (ended) {
            try {
                connection.close();
            } catch (IOException | RuntimeException e) {
                // gone either way
            }
        }
    }

    @Override
    public void onNext(Statistics frame) {
        latest = frame;
        receivedAt = System.nanoTime();
    }

    /** The container stopped or Docker went away: the next tick reopens the stream if it is still running. */
    @Override
    public void onError(Throwable error) {
        // Not super.onError: it logs a stack trace per stream, 30 of them when Docker restarts.
        ended = true;
        closeQuietly();
    }

    @Override
    public void onComplete() {
        ended = true;
        closeQuietly();
    }

    /** Ended, or silent for too long: the stream no longer tells the truth. */
    boolean dead(long now) {
        long last = receivedAt == 0 ? openedAt : receivedAt;
        return ended || now - last > STALE_NANOS;
    }

    /** The latest frame as a reading; empty until Docker has sent two samples (the first frame has no "before"). */
    Optional<InstanceReading> reading() {
        Statistics frame = latest;
        if (frame == null || Double.isNaN(limitCpus)) {
            return Optional.empty();
        }
        var percent = CpuUsage.percent(sample(frame.getPreCpuStats()), sample(frame.getCpuStats()), limitCpus);
        if (percent.isEmpty()) {
            return Optional.empty();
        }
        MemoryStatsConfig memory = frame.getMemoryStats();
        long memoryBytes = memory == null ? 0
                : CpuUsage.memoryBytes(memory.getUsage(),
                        memory.getStats() == null ? null : memory.getStats().getTotalInactiveFile(),
                        memory.getStats() == null ? null : memory.getStats().getInactiveFile());
        return Optional.of(new InstanceReading(pool, instanceId, containerId, percent.getAsDouble(), memoryBytes));
    }

    private static CpuSample sample(CpuStatsConfig cpu) {
        if (cpu == null || cpu.getCpuUsage() == null || cpu.getCpuUsage().getTotalUsage() == null
                || cpu.getSystemCpuUsage() == null) {
            return null;
        }
        return new CpuSample(cpu.getCpuUsage().getTotalUsage(), cpu.getSystemCpuUsage(), onlineCpus(cpu));
    }

    /** Docker reports online CPUs since API 1.27; older engines only list per-CPU usage. */
    private static int onlineCpus(CpuStatsConfig cpu) {
        if (cpu.getOnlineCpus() != null && cpu.getOnlineCpus() > 0) {
            return cpu.getOnlineCpus().intValue();
        }
        List<Long> perCpu = cpu.getCpuUsage().getPercpuUsage();
        return perCpu == null || perCpu.isEmpty() ? 1 : perCpu.size();
    }

    void closeQuietly() {
        ended = true;
        try {
            close();
        } catch (IOException | RuntimeException e) {
            // the connection is gone either way
        }
    }
}
