package io.autoscaler.provisioner;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

import org.jboss.logging.Logger;

import io.autoscaler.provisioner.core.Backoff;
import io.autoscaler.provisioner.docker.ContainerEngine;
import io.autoscaler.service.ReconcileLoop;

/**
 * Whether the container engine answers (readiness says why not), how long to wait before asking again,
 * and its events stream: a container of ours that dies makes the loop look at once; resyncs cover any gap.
 */
final class EngineWatch {
    private static final Logger LOG = Logger.getLogger(EngineWatch.class);

    private volatile String problem = "not contacted yet";
    private int failures;
    private Instant retryAt = Instant.MIN;
    private volatile Closeable events;

    String problem() {
        return problem;
    }

    boolean waiting(Instant now) {
        return now.isBefore(retryAt);
    }

    /** True when the engine answers again after it did not. */
    boolean reachable() {
        boolean back = problem != null;
        if (back) {
            LOG.infof("Docker is reachable");
        }
        problem = null;
        failures = 0;
        return back;
    }

    /**
     * Asking a local engine is cheap, and every second it is back unnoticed is a second no pool is
     * repaired: the retries stay short (not the launch backoff, which could reach a minute).
     */
    private static final Backoff RETRY = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(2));

    /** How long to wait before the next try. */
    Duration unreachable(RuntimeException e, Instant now) {
        failures++;
        Duration wait = RETRY.after(failures);
        retryAt = now.plus(wait);
        problem = String.valueOf(e.getMessage());
        if (failures == 1) {
            LOG.warnf("Docker or Kafka unreachable (%s); asking again every %d ms at most", problem,
                    RETRY.max().toMillis());
        } else {
            LOG.debugf("Docker or Kafka still unreachable (%s); retrying in %d ms", problem, wait.toMillis());
        }
        return wait;
    }

    void follow(ContainerEngine docker, ReconcileLoop loop, Duration resync) {
        if (loop.stopped()) {
            return;
        }
        try {
            events = docker.followEvents(containerId -> loop.requestPass(), end -> {
                LOG.debugf("Docker events stream ended (%s); following again", end);
                loop.after(resync, () -> follow(docker, loop, resync));
            });
        } catch (RuntimeException e) {
            LOG.debugf("Cannot follow Docker events yet: %s", e.getMessage());
            loop.after(resync, () -> follow(docker, loop, resync));
        }
    }

    void close() {
        try {
            if (events != null) {
                events.close();
            }
        } catch (IOException e) {
            LOG.debugf("Closing the Docker events stream: %s", e);
        }
    }
}
