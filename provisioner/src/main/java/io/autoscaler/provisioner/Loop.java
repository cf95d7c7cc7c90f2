package io.autoscaler.provisioner;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

/**
 * The provisioner's single writer: one thread runs, in order, every task that touches its state. Bursts
 * of pass requests coalesce into one pass, a resync pass runs periodically, and the loop survives
 * anything a task throws.
 */
final class Loop {
    private static final Logger LOG = Logger.getLogger(Loop.class);

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(named("provisioner-loop"));
    private final AtomicBoolean passPending = new AtomicBoolean();
    /** A pass; true for the periodic resync. */
    private final Consumer<Boolean> pass;
    /** Runs after every task (memberships follow every change). */
    private final Runnable afterTask;

    Loop(Consumer<Boolean> pass, Runnable afterTask) {
        this.pass = pass;
        this.afterTask = afterTask;
    }

    void start(Duration resync) {
        executor.scheduleWithFixedDelay(() -> guarded(() -> pass.accept(true)), 0, resync.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    void stop() {
        executor.shutdownNow();
    }

    boolean stopped() {
        return executor.isShutdown();
    }

    /** Runs a task on the loop, from any thread. */
    void run(Runnable task) {
        if (!stopped()) {
            executor.execute(() -> guarded(() -> {
                task.run();
                afterTask.run();
            }));
        }
    }

    void after(Duration delay, Runnable task) {
        if (!stopped()) {
            executor.schedule(() -> run(task), delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Coalesces bursts of changes into one pass. */
    void requestPass() {
        if (passPending.compareAndSet(false, true)) {
            run(() -> {
                passPending.set(false);
                pass.accept(false);
            });
        }
    }

    /** An answer computed on the loop, so that it is current; {@code otherwise} when the loop does not answer. */
    <T> T ask(Callable<T> question, T otherwise) {
        try {
            return executor.submit(question).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            return otherwise;
        }
    }

    private static void guarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.error("Provisioner task failed; the next pass retries", e);
        }
    }

    static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
