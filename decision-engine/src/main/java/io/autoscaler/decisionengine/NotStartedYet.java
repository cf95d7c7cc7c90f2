package io.autoscaler.decisionengine;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;

/**
 * Skips scheduled work until the application has started: the scheduler fires before the messaging
 * channels are connected, and a bean built then cannot get its emitter.
 */
@Singleton
public class NotStartedYet implements Scheduled.SkipPredicate {
    private volatile boolean started;

    void onStart(@Observes StartupEvent event) {
        started = true;
    }

    @Override
    public boolean test(ScheduledExecution execution) {
        return !started;
    }
}
