package io.autoscaler.provisioner.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.autoscaler.events.InstanceEvent;
import io.autoscaler.events.PoolMembership;

/**
 * The life of one instance as a pure function: {@code (instance, event, now) → (instance, effects)}.
 * No Docker, Kafka or clock inside; the provisioner's loop performs the effects and feeds back what
 * happened as the next event.
 * <pre>
 * CREATING --Launched--> STARTING --Probed ready--> RUNNING --Retire--> DRAINING --Drained--> STOPPING --Stopped--> gone
 *     |                      |  probe error, not ready past the grace: FAILED (counts for backoff)
 *     |                      |                                 RUNNING died: FAILED (no backoff: it was healthy)
 *     +--LaunchFailed: FAILED (counts,       DRAINING past drain.timeoutMs + margin after its membership was
 *        unless Docker did not answer)       published: STOPPING, said in TERMINATED (never before: HAProxy may not
 *                                            know it drains)
 *                                            STOPPING whose stop failed: stopped again after STOP_RETRY
 * </pre>
 * An event that does not fit the phase (a late probe answer, a DRAINED for a RUNNING instance) changes nothing.
 */
public final class Lifecycle {
    /** How long a stop that failed waits before it is tried again. */
    public static final Duration STOP_RETRY = Duration.ofSeconds(5);

    /** Where an instance is in its life; CREATING is a launch whose container Docker has not made yet. */
    public enum Phase {
        CREATING, STARTING, RUNNING, DRAINING, STOPPING
    }

    /**
     * What the lifecycle knows of one instance: its phase, the deadline of that phase (STARTING: ready by;
     * DRAINING: stopped by, even without DRAINED; none until its DRAINING state reached Kafka) and whether
     * it was retired while still CREATING.
     */
    public record Instance(Phase phase, Instant deadline, boolean cancelled) {
        public static Instance creating() {
            return new Instance(Phase.CREATING, null, false);
        }

        Instance in(Phase next, Instant until) {
            return new Instance(next, until, cancelled);
        }

        public PoolMembership.State membershipState() {
            return switch (phase) {
                case CREATING -> cancelled ? PoolMembership.State.STOPPING : PoolMembership.State.STARTING;
                case STARTING -> PoolMembership.State.STARTING;
                case RUNNING -> PoolMembership.State.RUNNING;
                case DRAINING -> PoolMembership.State.DRAINING;
                case STOPPING -> PoolMembership.State.STOPPING;
            };
        }

        public boolean live() {
            return phase == Phase.STARTING || phase == Phase.RUNNING;
        }
    }

    /** The pool's times: readiness grace (healthCheck.graceMs), drain timeout plus margin, probe period. */
    public record Timing(Duration grace, Duration drain, Duration probeInterval) {
    }

    /** What happened to an instance, as the loop tells it. */
    public sealed interface Event {
    }

    /** Docker created and started its container. */
    public record Launched() implements Event {
    }

    /**
     * Docker did not create or start the container; {@code engineUnreachable}: because it did not answer
     * at all (stopping, restarting, its socket gone), which says nothing about the pool's image.
     */
    public record LaunchFailed(String problem, boolean engineUnreachable) implements Event {
    }

    /** A readiness probe's outcome; {@code problem} says why it was not ready (status, or any error). */
    public record Probed(boolean ready, String problem) implements Event {
        public static Probed answered() {
            return new Probed(true, null);
        }

        public static Probed failed(String problem) {
            return new Probed(false, problem);
        }
    }

    /** Its container exited or vanished without being asked to. */
    public record Died(String why) implements Event {
    }

    public record Retire(String why) implements Event {
    }

    /**
     * A membership listing it DRAINING reached Kafka: from now on the configurator can drain it, and the
     * drain deadline runs.
     */
    public record DrainPublished() implements Event {
    }

    /** The load balancer reported it DRAINED: no server of it is left in HAProxy. */
    public record Drained() implements Event {
    }

    /** Time passed (every pass): deadlines are checked. */
    public record Tick() implements Event {
    }

    /** Stopping it failed (Docker did not answer): tried again a little later, for the same reason. */
    public record StopFailed(String why, String problem) implements Event {
    }

    public record Stopped(String why) implements Event {
    }

    /** What the loop must do. */
    public sealed interface Effect {
    }

    /** Publish an instance event (and count it). */
    public record Announce(InstanceEvent.State state, String reason) implements Effect {
    }

    /** Probe its health path after {@code delay}. */
    public record Probe(Duration delay) implements Effect {
    }

    /** Stop and remove its container after {@code delay}; report {@link Stopped} or {@link StopFailed}. */
    public record Stop(String why, Duration delay) implements Effect {
    }

    /**
     * FAILED: forget the instance and remove its container; {@code backoff} when the failure was a launch
     * or a start that never got ready (not the death of an instance that was serving).
     */
    public record Fail(String reason, boolean backoff) implements Effect {
    }

    /** Forget the instance: its container is gone. */
    public record Forget() implements Effect {
    }

    /** The next state ({@code null} once forgotten) and what to do. */
    public record Step(Instance next, List<Effect> effects) {
        static Step stay(Instance same) {
            return new Step(same, List.of());
        }
    }

    private Lifecycle() {
    }

    public static Step on(Instance instance, Event event, Instant now, Timing timing) {
        Phase phase = instance.phase();
        if (event instanceof Launched) {
            return phase == Phase.CREATING ? launched(instance, now, timing) : Step.stay(instance);
        } else if (event instanceof LaunchFailed f && phase == Phase.CREATING) {
            return fail("launch failed: " + f.problem(), !f.engineUnreachable());
        } else if (event instanceof Probed p && phase == Phase.STARTING) {
            return probed(instance, p, now, timing);
        } else if (event instanceof Died d && instance.live()) {
            return fail(d.why(), phase == Phase.STARTING);
        } else if (event instanceof Retire r) {
            return retire(instance, r.why(), now, timing);
        } else if (event instanceof Drained && phase == Phase.DRAINING) {
            return stop(instance, "drained by the load balancer");
        } else if (event instanceof DrainPublished && phase == Phase.DRAINING && instance.deadline() == null) {
            return Step.stay(instance.in(Phase.DRAINING, now.plus(timing.drain())));
        } else if (event instanceof Tick && phase == Phase.DRAINING && instance.deadline() != null
                && now.isAfter(instance.deadline())) {
            return stop(instance, "drain safety timeout: no DRAINED from the load balancer within "
                    + timing.drain().toMillis() + " ms of publishing DRAINING (the configurator removes a server"
                    + " after drain.timeoutMs; HAProxy may still list it if the configurator is down)");
        } else if (event instanceof StopFailed f && phase == Phase.STOPPING) {
            return new Step(instance, List.of(new Stop(f.why(), STOP_RETRY)));
        } else if (event instanceof Stopped s && phase == Phase.STOPPING) {
            return new Step(null, List.of(new Forget(), new Announce(InstanceEvent.State.TERMINATED, s.why())));
        }
        return Step.stay(instance);
    }

    /**
     * A running container of the pool the loop did not track (started before a restart): it keeps the
     * state the last membership gave it ({@code was}, null when unknown), and one never seen RUNNING is
     * probed again.
     */
    public static Step adopted(PoolMembership.State was, Instant now, Timing timing) {
        if (was == PoolMembership.State.DRAINING || was == PoolMembership.State.STOPPING) {
            return new Step(new Instance(Phase.DRAINING, now.plus(timing.drain()), false), List.of());
        }
        if (was == PoolMembership.State.RUNNING) {
            return new Step(new Instance(Phase.RUNNING, null, false), List.of());
        }
        return new Step(new Instance(Phase.STARTING, now.plus(timing.grace()), false),
                List.of(new Probe(Duration.ZERO)));
    }

    private static Step launched(Instance instance, Instant now, Timing timing) {
        if (instance.phase() != Phase.CREATING) {
            return Step.stay(instance);
        }
        if (instance.cancelled()) {
            return stop(instance, "retired before it started");
        }
        return new Step(instance.in(Phase.STARTING, now.plus(timing.grace())),
                List.of(new Announce(InstanceEvent.State.LAUNCHED, "container started"), new Probe(Duration.ZERO)));
    }

    private static Step probed(Instance instance, Probed probe, Instant now, Timing timing) {
        if (probe.ready()) {
            return new Step(instance.in(Phase.RUNNING, null),
                    List.of(new Announce(InstanceEvent.State.RUNNING, "answers its health path")));
        }
        if (now.isAfter(instance.deadline())) {
            return fail("not ready within " + timing.grace().toMillis() + " ms"
                    + (probe.problem() == null ? "" : " (last probe: " + probe.problem() + ")"), true);
        }
        return new Step(instance, List.of(new Probe(timing.probeInterval())));
    }

    /** A RUNNING instance drains first; one never RUNNING had no traffic and stops at once. */
    private static Step retire(Instance instance, String why, Instant now, Timing timing) {
        return switch (instance.phase()) {
            case CREATING -> Step.stay(new Instance(Phase.CREATING, null, true));
            case STARTING -> stop(instance, "retired before it was RUNNING");
            case RUNNING -> new Step(instance.in(Phase.DRAINING, null),
                    List.of(new Announce(InstanceEvent.State.DRAINING, why)));
            default -> Step.stay(instance);
        };
    }

    private static Step stop(Instance instance, String why) {
        return new Step(instance.in(Phase.STOPPING, null), List.of(new Stop(why, Duration.ZERO)));
    }

    private static Step fail(String reason, boolean backoff) {
        return new Step(null, List.of(new Fail(reason, backoff)));
    }
}
