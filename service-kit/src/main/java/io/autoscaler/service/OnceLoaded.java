package io.autoscaler.service;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.jboss.logging.Logger;

/**
 * Runs an action once, as soon as what a service reads at start is loaded: asks ten times a second, on a
 * thread of its own that ends then. Quarkus' timers run at most once a second, which could hold a
 * restart's first action a second longer.
 */
public final class OnceLoaded implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(OnceLoaded.class);
    private static final long ASK_EVERY_MS = 100;

    private final ScheduledExecutorService asker;

    private OnceLoaded(String name) {
        asker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts asking {@code loaded}; runs {@code action} on the first yes, then stops. */
    public static OnceLoaded run(String name, BooleanSupplier loaded, Runnable action) {
        OnceLoaded once = new OnceLoaded(name);
        once.asker.scheduleWithFixedDelay(() -> {
            try {
                if (loaded.getAsBoolean()) {
                    action.run();
                    once.asker.shutdown();
                }
            } catch (RuntimeException e) { // thrown out of the task, it would end the schedule for good
                LOG.warnf("%s: %s; asking again", name, e);
            }
        }, 0, ASK_EVERY_MS, TimeUnit.MILLISECONDS);
        return once;
    }

    /** For tests: the thread that asks. */
    ScheduledExecutorService asker() {
        return asker;
    }

    @Override
    public void close() {
        asker.shutdownNow();
    }
}
