package io.autoscaler.lbconfigurator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.autoscaler.events.LbEvent.State;
import io.autoscaler.events.Naming;
import io.autoscaler.events.PoolSpec;
import io.autoscaler.lbconfigurator.core.PoolTarget;
import io.autoscaler.lbconfigurator.core.StatusWatch;
import io.autoscaler.lbconfigurator.core.Step;
import io.autoscaler.lbconfigurator.haproxy.Backend;
import io.autoscaler.lbconfigurator.haproxy.Commands;
import io.autoscaler.lbconfigurator.haproxy.RuntimeApiException;
import io.autoscaler.lbconfigurator.haproxy.RuntimeError.Kind;
import io.autoscaler.lbconfigurator.haproxy.ServerAddress;
import io.autoscaler.lbconfigurator.haproxy.ServerRef;
import io.micrometer.core.instrument.MeterRegistry;

/** Applies one planned {@link Step} to HAProxy through the runtime API, and reports it and what it sees. */
@ApplicationScoped
public class StepRunner {
    private static final Logger LOG = Logger.getLogger(StepRunner.class);

    @Inject
    HaproxyAdmin haproxy;

    @Inject
    LbEvents events;

    @Inject
    MeterRegistry registry;

    private final Clock clock = Clock.systemUTC();

    /** How a step went. SOON: done for now, but a pass should follow soon (a report, or a delete to retry). */
    enum Outcome {
        DONE, SOON, FAILED
    }

    Outcome apply(PoolTarget target, PoolSpec spec, PoolState state, Step step, String change) {
        String pool = target.pool();
        String backend = target.backend();
        try {
            ServerRef server = new ServerRef(backend, step.server());
            if (step instanceof Step.Add add) {
                haproxy.run(pool, "add", Commands.addServer(server, new ServerAddress(add.address(), add.port()), spec));
                if ("cookie".equals(spec.stickiness())) {
                    haproxy.run(pool, "dynamic-cookie", Commands.enableDynamicCookies(backend));
                }
                haproxy.run(pool, "start-up", Commands.startUp(server));
                state.watch.added(add.server());
                action(pool, "added");
                events.publish(pool, add.instanceId(), add.server(), State.ADDED, null,
                        "added at " + add.address() + ":" + add.port() + ", UP at once (probed ready); DOWN after "
                                + target.check().fall() + " failed checks");
                LOG.infof("Pool %s instance %s: added server %s/%s at %s:%d (UP)", pool,
                        add.instanceId(), backend, add.server(), add.address(), add.port());
                return Outcome.SOON; // its UP is reported at the next reading
            } else if (step instanceof Step.Release release) {
                haproxy.run(pool, "start-up", Commands.startUp(server));
                state.watch.added(release.server());
                action(pool, "released");
                LOG.infof("Pool %s instance %s: released server %s/%s from maintenance or drain (UP)",
                        pool, release.instanceId(), backend, release.server());
                return Outcome.SOON;
            } else if (step instanceof Step.Readdress move) {
                haproxy.run(pool, "set-addr", Commands.setAddress(server, new ServerAddress(move.address(),
                        move.port())));
                action(pool, "readdressed");
                LOG.infof("Pool %s instance %s: server %s/%s now at %s:%d", pool, move.instanceId(), backend,
                        move.server(), move.address(), move.port());
            } else if (step instanceof Step.StartDrain drain) {
                haproxy.run(pool, "drain", Commands.drain(server));
                state.drains.put(drain.server(), clock.instant());
                action(pool, "draining");
                events.publish(pool, drain.instanceId(), drain.server(), State.DRAINING, null, drain.reason());
                LOG.infof("Pool %s instance %s: draining server %s/%s (%s)", pool, drain.instanceId(), backend,
                        drain.server(), drain.reason());
            } else if (step instanceof Step.Remove remove) {
                return remove(target, state, server, remove);
            } else if (step instanceof Step.ReportDrained drained) {
                if (state.drainedReported.add(drained.server())) {
                    events.publish(pool, drained.instanceId(), drained.server(), State.DRAINED, 0,
                            "no server in HAProxy");
                    LOG.infof("Pool %s instance %s: drained (no server in HAProxy)", pool, drained.instanceId());
                }
            }
            return Outcome.DONE;
        } catch (RuntimeApiException e) {
            if (e.refusal() == null) {
                LOG.warnf("Pool %s: %s", pool, e.getMessage());
            } else {
                error(pool, state, change, step.instanceId(), step.server(), e.reason() + " (" + e.command() + ")");
            }
            return Outcome.FAILED;
        } catch (IllegalArgumentException e) {
            // a value the command grammar refuses: nothing was sent
            error(pool, state, change, step.instanceId(), null, e.getMessage());
            return Outcome.FAILED;
        }
    }

    /**
     * Maintenance, then delete. While HAProxy still reports connections the server stays in maintenance
     * and the delete is tried again at a pass soon after (the loop never waits).
     */
    private Outcome remove(PoolTarget target, PoolState state, ServerRef server, Step.Remove remove) {
        String pool = target.pool();
        haproxy.run(pool, "maint", Commands.maintenance(server));
        try {
            haproxy.run(pool, "del", Commands.delete(server));
        } catch (RuntimeApiException e) {
            if (e.is(Kind.STILL_HAS_CONNECTIONS) || e.is(Kind.NOT_IN_MAINTENANCE)) {
                LOG.debugf("Pool %s: %s still has connections; deleting at the next pass", pool, remove.server());
                return Outcome.SOON;
            }
            if (!e.is(Kind.NO_SUCH_SERVER)) {
                throw e;
            }
        }
        Instant started = state.drains.remove(remove.server());
        if (started != null) {
            registry.timer("autoscaler.lb.drain", "pool", pool).record(Duration.between(started, clock.instant()));
        }
        state.drainedReported.add(remove.server());
        action(pool, "removed");
        String how = remove.timedOut()
                ? "drain timeout (" + target.drainTimeout().toMillis() + " ms) with " + remove.sessions() + " sessions left"
                : "no sessions, queue or connections left";
        events.publish(pool, remove.instanceId(), remove.server(), State.DRAINED, remove.sessions(), how);
        events.publish(pool, remove.instanceId(), remove.server(), State.REMOVED, null, "deleted from " + server.backend());
        LOG.infof("Pool %s instance %s: drained (%s) and deleted server %s/%s", pool, remove.instanceId(), how,
                server.backend(), remove.server());
        return Outcome.DONE;
    }

    /** UP/DOWN transitions of our servers since the last reading, as events; true if there were any. */
    boolean reportHealth(String pool, StatusWatch watch, Backend backend) {
        List<StatusWatch.Change> changes = watch.observe(backend.servers());
        for (StatusWatch.Change change : changes) {
            Optional<String> instanceId = Naming.instanceId(pool, change.server());
            if (instanceId.isEmpty()) {
                continue; // not ours
            }
            State state = change.health() == Backend.Health.UP ? State.UP : State.DOWN;
            events.publish(pool, instanceId.get(), change.server(), state, null, "health checks: " + state);
            LOG.infof("Pool %s instance %s: server %s is %s", pool, instanceId.get(), change.server(), state);
        }
        return !changes.isEmpty();
    }

    /** After a restart or reload: one HAPROXY_RESYNCED per server re-added, or one for the pool if none was. */
    void reportResynced(PoolTarget target, List<Step> planned, String resyncCause) {
        String reason = resyncCause + "; re-added to backend " + target.backend();
        List<Step.Add> readded = planned.stream().filter(Step.Add.class::isInstance).map(Step.Add.class::cast)
                .toList();
        readded.forEach(add -> events.publish(target.pool(), add.instanceId(), add.server(), State.HAPROXY_RESYNCED,
                null, reason));
        if (readded.isEmpty()) {
            events.publish(target.pool(), null, null, State.HAPROXY_RESYNCED, null, resyncCause + "; no server to re-add");
        }
        LOG.infof("Pool %s: backend %s resynced (%s; %d servers re-added)", target.pool(), target.backend(),
                resyncCause, readded.size());
    }

    /**
     * One ERROR event and one log line per distinct problem and change of the pool (spec or
     * membership generation): the resync repeats the attempt, never the report.
     */
    void error(String pool, PoolState state, String change, String instanceId, String server, String message) {
        if (!state.reportedErrors.add(change + "|" + server + "|" + message)) {
            return;
        }
        action(pool, "error");
        events.publish(pool, instanceId, server, State.ERROR, null, message);
        LOG.errorf("Pool %s%s: %s", pool, instanceId == null ? "" : " instance " + instanceId, message);
    }

    private void action(String pool, String action) {
        registry.counter("autoscaler.lb.actions", "pool", pool, "action", action).increment();
    }
}
