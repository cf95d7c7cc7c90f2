package io.autoscaler.provisioner.core;

import java.time.Instant;

/**
 * A pool's consecutive failures to launch an instance or to get one ready, and the last one: while
 * they go on, the pool's launches wait a {@link Backoff}. The death of an instance that was RUNNING is
 * not one of them: a Docker restart that kills every healthy instance at once must not hold the pool
 * empty for a minute.
 */
public record Failures(int count, Instant last) {
    public static final Failures NONE = new Failures(0, Instant.MIN);

    public Failures failed(Instant now) {
        return new Failures(count + 1, now);
    }

    /** Launches are held until then. */
    public Instant heldUntil(Backoff backoff) {
        return count == 0 ? Instant.MIN : last.plus(backoff.after(count));
    }

    public boolean hold(Instant now, Backoff backoff) {
        return now.isBefore(heldUntil(backoff));
    }

    /** Forgotten only after a quiet spell of the longest backoff, so a start that keeps failing keeps backing off. */
    public Failures forgetIfQuiet(Instant now, Backoff backoff) {
        return count > 0 && now.isAfter(last.plus(backoff.max())) ? NONE : this;
    }
}
