package io.autoscaler.decisionengine.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A few single-thread lanes that share out a batch of records by pool: a pool always lands on the same
 * lane, so its records are handled in the order read and never by two lanes at once, while different
 * pools are handled side by side. One channel thread used to work through every snapshot in turn, and
 * a burst of 1,000 pools queued behind it.
 */
final class Lanes implements AutoCloseable {
    private final ExecutorService[] lanes;

    Lanes(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("at least one lane, not " + count);
        }
        lanes = new ExecutorService[count];
        for (int i = 0; i < count; i++) {
            String name = "engine-lane-" + i;
            lanes[i] = Executors.newSingleThreadExecutor(task -> {
                Thread thread = new Thread(task, name);
                thread.setDaemon(true);
                return thread;
            });
        }
    }

    int count() {
        return lanes.length;
    }

    int laneOf(String pool) {
        return Math.floorMod(pool == null ? 0 : pool.hashCode(), lanes.length);
    }

    /**
     * Hands each item to its pool's lane, in the batch's order, and returns once every item has been
     * handled; {@code handling} must not throw (a throw would stop its lane's share of the batch).
     */
    <T> void handle(List<T> items, Function<T, String> poolOf, Consumer<T> handling) {
        List<List<T>> shares = new ArrayList<>(lanes.length);
        for (int i = 0; i < lanes.length; i++) {
            shares.add(new ArrayList<>());
        }
        items.forEach(item -> shares.get(laneOf(poolOf.apply(item))).add(item));
        List<Future<?>> running = new ArrayList<>(lanes.length);
        for (int i = 0; i < lanes.length; i++) {
            List<T> share = shares.get(i);
            if (!share.isEmpty()) {
                running.add(lanes[i].submit(() -> share.forEach(handling)));
            }
        }
        running.forEach(Lanes::await);
    }

    private static void await(Future<?> share) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    share.get();
                    return;
                } catch (InterruptedException e) {
                    // the batch is only done once every lane is: wait on, and keep the interrupt
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("a lane failed", e.getCause());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        for (ExecutorService lane : lanes) {
            lane.shutdownNow();
        }
    }
}
