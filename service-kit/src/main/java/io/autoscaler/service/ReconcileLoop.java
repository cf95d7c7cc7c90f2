package io.autoscaler.service;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.jboss.logging.Logger;

/**
 * A service's single writer: one thread runs, in order, every task and pass that touches its state, so
 * that state needs no lock. Requests for a pass that arrive while one is queued join it; a resync pass
 * runs periodically; no pass runs before the inputs are loaded (acting on half-read topics would undo
 * what exists), and requests made before then are kept until they are. Nothing a task throws stops
 * the loop. Tasks never sleep on it: what must happen later is scheduled ({@link #after}, {@link #passIn}).
 */
public final class ReconcileLoop {
    private static final Logger LOG = Logger.getLogger(ReconcileLoop.class);
    /** How often a pass waiting for the inputs checks again. */
    private static final Duration NOT_LOADED_RETRY = Duration.ofMillis(200);

    /** One pass over everything; {@code resync} for the periodic one. */
    @FunctionalInterface
    public interface Pass {
        void run(boolean resync);
    }

    private final String name;
    private final BooleanSupplier inputsLoaded;
    private final Pass pass;
    private final Runnable afterEachTask;
    private final ScheduledExecutorService executor;
    private final AtomicBoolean passPending = new AtomicBoolean();
    private final AtomicBoolean awaitingInputs = new AtomicBoolean();

    /**
     * @param inputsLoaded whether every input the passes read is loaded (asked on the loop)
     * @param afterEachTask runs after every task and pass (e.g. publishing what changed)
     */
    public ReconcileLoop(String name, BooleanSupplier inputsLoaded, Pass pass, Runnable afterEachTask) {
        this.name = name;
        this.inputsLoaded = inputsLoaded;
        this.pass = pass;
        this.afterEachTask = afterEachTask;
        this.executor = Executors.newSingleThreadScheduledExecutor(threads(name));
    }

    /** Starts the periodic resync, the first one at once. */
    public void start(Duration resync) {
        executor.scheduleWithFixedDelay(() -> runPass(true), 0, resync.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs no more tasks; waits a moment for the one under way, which may end early (interrupted). */
    public void stop() {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warnf("The %s loop did not stop within 5 s", name);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean stopped() {
        return executor.isShutdown();
    }

    /** Runs a pass soon; requests that arrive while one is already queued join it. */
    public void requestPass() {
        if (passPending.compareAndSet(false, true)) {
            submit(() -> {
                passPending.set(false);
                runPass(false);
            }, 0);
        }
    }

    /** Requests a pass after {@code delay}. */
    public void passIn(Duration delay) {
        submit(this::requestPass, delay.toMillis());
    }

    /** Runs a task on the loop, from any thread. */
    public void run(Runnable task) {
        submit(() -> guarded(task), 0);
    }

    /** Runs a task on the loop after {@code delay}. */
    public void after(Duration delay, Runnable task) {
        submit(() -> guarded(task), delay.toMillis());
    }

    /** An answer computed on the loop, so that it is current; {@code otherwise} when the loop does not answer. */
    public <T> T ask(Callable<T> question, T otherwise) {
        try {
            return executor.submit(question).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return otherwise;
        } catch (Exception e) {
            return otherwise;
        }
    }

    private void runPass(boolean resync) {
        if (!inputsLoaded.getAsBoolean()) {
            if (awaitingInputs.compareAndSet(false, true)) {
                submit(() -> {
                    awaitingInputs.set(false);
                    requestPass();
                }, NOT_LOADED_RETRY.toMillis());
            }
            return;
        }
        guarded(() -> pass.run(resync));
    }

    private void guarded(Runnable task) {
        try {
            task.run();
            afterEachTask.run();
        } catch (RuntimeException e) {
            LOG.errorf(e, "A task of the %s loop failed; the next pass retries", name);
        }
    }

    private void submit(Runnable task, long delayMillis) {
        if (stopped()) {
            return;
        }
        try {
            executor.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // stopped meanwhile
        }
    }

    /** Daemon threads named {@code <prefix>-<n>}, for a service's workers beside its loop. */
    public static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
