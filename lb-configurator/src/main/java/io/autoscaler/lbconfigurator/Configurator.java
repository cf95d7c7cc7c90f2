package io.autoscaler.lbconfigurator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.autoscaler.events.LbEvent.State;
import io.autoscaler.events.PoolMembership;
import io.autoscaler.events.PoolSpec;
import io.autoscaler.lbconfigurator.Memberships.MembershipChanged;
import io.autoscaler.lbconfigurator.core.PoolTarget;
import io.autoscaler.lbconfigurator.core.Reconciler;
import io.autoscaler.lbconfigurator.core.StatusWatch;
import io.autoscaler.lbconfigurator.core.Step;
import io.autoscaler.lbconfigurator.haproxy.Backend;
import io.autoscaler.lbconfigurator.haproxy.Commands;
import io.autoscaler.lbconfigurator.haproxy.ServerAddress;
import io.autoscaler.lbconfigurator.haproxy.ServerRef;
import io.autoscaler.lbconfigurator.haproxy.HaproxyInfo;
import io.autoscaler.lbconfigurator.haproxy.RuntimeApiException;
import io.autoscaler.lbconfigurator.haproxy.RuntimeError.Kind;
import io.autoscaler.lbconfigurator.haproxy.ServerState;
import io.autoscaler.lbconfigurator.haproxy.StatRow;
import io.autoscaler.service.PoolCatalog;
import io.autoscaler.service.PoolChanged;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Makes every pool's HAProxy backend match the pool's membership, through the runtime API only.
 * One pass, on every membership or pool change and every resync interval (more often while a drain
 * is under way):
 * <ol>
 * <li>read HAProxy's process info, and notice a restart (its runtime servers are gone);</li>
 * <li>for each pool: read its backend, report UP/DOWN changes, plan the steps from membership vs
 * backend ({@link Reconciler}) and apply them;</li>
 * <li>after a restart, report HAPROXY_RESYNCED for each pool once its servers are back.</li>
 * </ol>
 * All state here (drain start times, last statuses, reported errors) can be lost: a restarted
 * configurator rebuilds it from membership and HAProxy, and drains in progress continue.
 */
@ApplicationScoped
public class Configurator {
    private static final Logger LOG = Logger.getLogger(Configurator.class);
    /** How often a pass runs while a server drains, to remove it soon after it is idle. */
    private static final Duration DRAIN_POLL = Duration.ofMillis(250);
    private static final int DELETE_ATTEMPTS = 10;
    private static final Duration DELETE_RETRY = Duration.ofMillis(100);

    @Inject
    PoolCatalog catalog;

    @Inject
    Memberships memberships;

    @Inject
    HaproxyAdmin haproxy;

    @Inject
    LbEvents events;

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "autoscaler.lb.resync-interval", defaultValue = "2s")
    Duration resyncInterval;

    private final Clock clock = Clock.systemUTC();
    private ScheduledExecutorService loop;
    private final AtomicBoolean passPending = new AtomicBoolean();

    // State of the loop thread only.
    private final Map<String, PoolSpec> lastKnownSpecs = new HashMap<>();
    /** Per pool: when each draining server's drain began. */
    private final Map<String, Map<String, Instant>> drainsStarted = new HashMap<>();
    private final Map<String, StatusWatch> statusWatches = new HashMap<>();
    /** Per pool: servers already reported DRAINED, so the report is made once. */
    private final Map<String, Set<String>> reportedDrained = new HashMap<>();
    private final Set<String> awaitingResync = new TreeSet<>();
    private final Map<String, Set<String>> reportedErrors = new HashMap<>();
    private HaproxyInfo lastInfo;
    private Instant lastInfoAt;
    private String haproxyProblem;
    private String passProblem;

    void start(@Observes StartupEvent event) {
        loop = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "lb-reconcile"));
        loop.scheduleWithFixedDelay(this::requestPass, resyncInterval.toMillis(), resyncInterval.toMillis(),
                TimeUnit.MILLISECONDS);
        LOG.infof("Configuring HAProxy at %s, resync every %s", haproxy.socket(), resyncInterval);
    }

    void stop(@Observes ShutdownEvent event) {
        if (loop != null) {
            loop.shutdownNow();
        }
    }

    void onMembership(@Observes MembershipChanged change) {
        requestPass();
    }

    void onPool(@Observes PoolChanged change) {
        requestPass();
    }

    /** Runs a pass soon; requests that arrive while one is already queued join it. */
    public void requestPass() {
        if (loop != null && passPending.compareAndSet(false, true)) {
            loop.execute(this::pass);
        }
    }

    private void pass() {
        passPending.set(false);
        try {
            if (!catalog.loaded() || !memberships.loaded()) {
                return; // acting on half-read topics would remove servers of instances not read yet
            }
            Optional<HaproxyInfo> info = readHaproxyInfo();
            if (info.isEmpty()) {
                return;
            }
            noticeRestart(info.get());
            List<StatRow> stats = haproxy.stats();
            for (String pool : pools()) {
                reconcile(pool, stats);
            }
            if (drainsStarted.values().stream().anyMatch(drains -> !drains.isEmpty())) {
                loop.schedule(this::requestPass, DRAIN_POLL.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (RuntimeException e) {
            if (!String.valueOf(e).equals(passProblem)) {
                LOG.errorf(e, "Reconcile pass failed; retrying at every pass");
                passProblem = String.valueOf(e);
            }
        }
    }

    private Optional<HaproxyInfo> readHaproxyInfo() {
        try {
            HaproxyInfo info = haproxy.info();
            if (haproxyProblem != null) {
                LOG.infof("HAProxy at %s answers again (pid %d)", haproxy.socket(), info.pid());
                haproxyProblem = null;
            }
            return Optional.of(info);
        } catch (RuntimeApiException e) {
            if (!e.reason().equals(haproxyProblem)) {
                LOG.warnf("HAProxy runtime API unavailable: %s", e.reason());
                haproxyProblem = e.reason();
            }
            return Optional.empty();
        }
    }

    /** HAProxy restarted (see {@link HaproxyInfo#restartedIn}) and lost every server added at runtime. */
    private void noticeRestart(HaproxyInfo info) {
        Instant now = clock.instant();
        if (lastInfo != null && lastInfo.restartedIn(info, Duration.between(lastInfoAt, now))) {
            LOG.infof("HAProxy restarted (pid %d -> %d, uptime %d s); re-adding every server", lastInfo.pid(),
                    info.pid(), info.uptimeSeconds());
            statusWatches.clear();
            drainsStarted.clear();
            awaitingResync.addAll(pools());
        }
        lastInfo = info;
        lastInfoAt = now;
    }

    /** Every pool with a spec or a membership; a deleted pool stays until its servers are gone. */
    private Set<String> pools() {
        Set<String> pools = new TreeSet<>(catalog.all().keySet());
        pools.addAll(memberships.all().keySet());
        pools.addAll(lastKnownSpecs.keySet());
        return pools;
    }

    private void reconcile(String pool, List<StatRow> stats) {
        catalog.pool(pool).ifPresent(spec -> lastKnownSpecs.put(pool, spec));
        PoolSpec spec = lastKnownSpecs.get(pool);
        if (spec == null) {
            LOG.debugf("Pool %s has a membership but no spec yet", pool);
            return;
        }
        PoolMembership membership = memberships.of(pool).orElse(null);
        PoolTarget target = PoolTarget.of(spec, membership);
        // a backend problem is reported once per spec; a refused command once per membership change too
        String specChange = spec.toString();
        String change = specChange + "@" + (membership == null ? "-" : membership.generation());

        Backend backend;
        try {
            backend = haproxy.backend(pool, target.backend(), stats);
        } catch (RuntimeApiException e) {
            poolError(pool, specChange, null, null, "backend " + target.backend() + ": " + e.reason());
            return;
        } catch (IllegalArgumentException e) {
            poolError(pool, specChange, null, null, e.getMessage());
            return;
        }
        if (!backend.acceptsDynamicServers()) {
            poolError(pool, specChange, null, null, "backend " + target.backend() + " balances with '"
                    + backend.algorithm() + "', which cannot take servers at runtime (use roundrobin, leastconn or first)");
            return;
        }
        reportStatusChanges(pool, backend);
        noteDrainsInProgress(pool, backend);

        List<Step> steps = Reconciler.plan(target, backend, drains(pool), clock.instant());
        boolean allApplied = true;
        for (Step step : steps) {
            allApplied &= apply(target, step, change);
        }
        forgetDrainedInstancesGone(pool, membership);
        if (allApplied) {
            reportedErrors.remove(pool);
            if (awaitingResync.remove(pool)) {
                reportResynced(target, steps);
            }
            if (membership == null && catalog.pool(pool).isEmpty() && !Reconciler.managesAny(target, backend)) {
                forget(pool); // deleted, and none of its servers left
            }
        }
    }

    /** After an HAProxy restart: one HAPROXY_RESYNCED per server re-added, or one for the pool if it had none. */
    private void reportResynced(PoolTarget target, List<Step> steps) {
        String reason = "HAProxy restarted (pid " + lastInfo.pid() + "); re-added to backend " + target.backend();
        List<Step.Add> readded = steps.stream().filter(Step.Add.class::isInstance).map(Step.Add.class::cast).toList();
        readded.forEach(add -> events.publish(target.pool(), add.instanceId(), add.server(), State.HAPROXY_RESYNCED,
                null, reason));
        if (readded.isEmpty()) {
            events.publish(target.pool(), null, null, State.HAPROXY_RESYNCED, null,
                    "HAProxy restarted (pid " + lastInfo.pid() + "); no server to re-add");
        }
        LOG.infof("Pool %s: backend %s resynced after HAProxy restart (%d servers re-added)", target.pool(),
                target.backend(), readded.size());
    }

    private Map<String, Instant> drains(String pool) {
        return drainsStarted.computeIfAbsent(pool, p -> new HashMap<>());
    }

    private Set<String> drainedReported(String pool) {
        return reportedDrained.computeIfAbsent(pool, p -> new HashSet<>());
    }

    private void forget(String pool) {
        lastKnownSpecs.remove(pool);
        drainsStarted.remove(pool);
        reportedDrained.remove(pool);
        statusWatches.remove(pool);
        reportedErrors.remove(pool);
        LOG.infof("Pool %s deleted and its servers gone; no longer watched", pool);
    }

    private void reportStatusChanges(String pool, Backend backend) {
        StatusWatch watch = statusWatches.computeIfAbsent(pool, p -> new StatusWatch());
        for (StatusWatch.Change change : watch.observe(backend.servers())) {
            Optional<String> instanceId = io.autoscaler.events.Naming.instanceId(pool, change.server());
            if (instanceId.isEmpty()) {
                continue; // not ours
            }
            State state = change.health() == Backend.Health.UP ? State.UP : State.DOWN;
            events.publish(pool, instanceId.get(), change.server(), state, null, "health checks: " + state);
            LOG.infof("Pool %s instance %s: server %s is %s", pool, instanceId.get(), change.server(), state);
        }
    }

    /**
     * Keeps the drain clocks to the servers HAProxy has draining: one found draining without a known
     * start (we restarted meanwhile) starts its clock now; one no longer draining or gone is dropped.
     */
    private void noteDrainsInProgress(String pool, Backend backend) {
        Instant now = clock.instant();
        Set<String> draining = new HashSet<>();
        for (Backend.Server server : backend.servers()) {
            if (server.admin() == ServerState.Admin.DRAIN) {
                draining.add(server.name());
                drains(pool).putIfAbsent(server.name(), now);
            }
        }
        drains(pool).keySet().retainAll(draining);
    }

    private boolean apply(PoolTarget target, Step step, String change) {
        String pool = target.pool();
        String backend = target.backend();
        try {
            ServerRef server = new ServerRef(backend, step.server());
            if (step instanceof Step.Add add) {
                haproxy.run(pool, "add", Commands.addServer(server, new ServerAddress(add.address(), add.port()),
                        target.check()));
                haproxy.run(pool, "start-down", Commands.startDown(server));
                statusWatches.computeIfAbsent(pool, p -> new StatusWatch()).added(add.server());
                action(pool, "added");
                events.publish(pool, add.instanceId(), add.server(), State.ADDED, null,
                        "added at " + add.address() + ":" + add.port() + ", DOWN until " + target.check().rise()
                                + " checks pass");
                LOG.infof("Pool %s instance %s: added server %s/%s at %s:%d (DOWN until healthy)", pool,
                        add.instanceId(), backend, add.server(), add.address(), add.port());
            } else if (step instanceof Step.Release release) {
                haproxy.run(pool, "start-down", Commands.startDown(server));
                statusWatches.computeIfAbsent(pool, p -> new StatusWatch()).added(release.server());
                action(pool, "released");
                LOG.infof("Pool %s instance %s: released server %s/%s from maintenance (DOWN until healthy)",
                        pool, release.instanceId(), backend, release.server());
            } else if (step instanceof Step.Readdress move) {
                haproxy.run(pool, "set-addr", Commands.setAddress(server, new ServerAddress(move.address(),
                        move.port())));
                action(pool, "readdressed");
                LOG.infof("Pool %s instance %s: server %s/%s now at %s:%d", pool, move.instanceId(), backend,
                        move.server(), move.address(), move.port());
            } else if (step instanceof Step.StartDrain drain) {
                haproxy.run(pool, "drain", Commands.drain(server));
                drains(pool).put(drain.server(), clock.instant());
                action(pool, "draining");
                events.publish(pool, drain.instanceId(), drain.server(), State.DRAINING, null, drain.reason());
                LOG.infof("Pool %s instance %s: draining server %s/%s (%s)", pool, drain.instanceId(), backend,
                        drain.server(), drain.reason());
            } else if (step instanceof Step.Remove remove) {
                return remove(target, server, remove);
            } else if (step instanceof Step.ReportDrained drained) {
                if (drainedReported(pool).add(drained.server())) {
                    events.publish(pool, drained.instanceId(), drained.server(), State.DRAINED, 0,
                            "no server in HAProxy");
                    LOG.infof("Pool %s instance %s: drained (no server in HAProxy)", pool, drained.instanceId());
                }
            }
            return true;
        } catch (RuntimeApiException e) {
            if (e.refusal() == null) {
                LOG.warnf("Pool %s: %s", pool, e.getMessage());
            } else {
                poolError(pool, change, step.instanceId(), step.server(), e.reason() + " (" + e.command() + ")");
            }
            return false;
        } catch (IllegalArgumentException e) {
            // a value the command grammar refuses: nothing was sent
            poolError(pool, change, step.instanceId(), null, e.getMessage());
            return false;
        }
    }

    /** Maintenance, then delete, retried briefly while HAProxy still reports connections. */
    private boolean remove(PoolTarget target, ServerRef server, Step.Remove remove) {
        String pool = target.pool();
        haproxy.run(pool, "maint", Commands.maintenance(server));
        for (int attempt = 1;; attempt++) {
            try {
                haproxy.run(pool, "del", Commands.delete(server));
                break;
            } catch (RuntimeApiException e) {
                if (e.is(Kind.NO_SUCH_SERVER)) {
                    break;
                }
                boolean busy = e.is(Kind.STILL_HAS_CONNECTIONS) || e.is(Kind.NOT_IN_MAINTENANCE);
                if (!busy) {
                    throw e;
                }
                if (attempt == DELETE_ATTEMPTS) {
                    LOG.debugf("Pool %s: %s still has connections; deleting at the next pass", pool, remove.server());
                    return true;
                }
                pause(DELETE_RETRY);
            }
        }
        Instant started = drains(pool).remove(remove.server());
        if (started != null) {
            registry.timer("autoscaler.lb.drain", "pool", pool).record(Duration.between(started, clock.instant()));
        }
        drainedReported(pool).add(remove.server());
        action(pool, "removed");
        String how = remove.timedOut()
                ? "drain timeout (" + target.drainTimeout().toMillis() + " ms) with " + remove.sessions() + " sessions left"
                : "no sessions, queue or connections left";
        events.publish(pool, remove.instanceId(), remove.server(), State.DRAINED, remove.sessions(), how);
        events.publish(pool, remove.instanceId(), remove.server(), State.REMOVED, null, "deleted from " + server.backend());
        LOG.infof("Pool %s instance %s: drained (%s) and deleted server %s/%s", pool, remove.instanceId(), how,
                server.backend(), remove.server());
        return true;
    }

    /** Keeps the DRAINED-once memory to instances the membership still lists as leaving. */
    private void forgetDrainedInstancesGone(String pool, PoolMembership membership) {
        Set<String> leaving = new HashSet<>();
        if (membership != null) {
            for (PoolMembership.Instance i : membership.instances()) {
                if (i.state() == PoolMembership.State.DRAINING || i.state() == PoolMembership.State.STOPPING) {
                    leaving.add(io.autoscaler.events.Naming.serverName(pool, i.instanceId()));
                }
            }
        }
        drainedReported(pool).retainAll(leaving);
    }

    /**
     * One ERROR event and one log line per distinct problem and change of the pool (spec or
     * membership generation): the resync repeats the attempt, never the report.
     */
    private void poolError(String pool, String change, String instanceId, String server, String message) {
        if (!reportedErrors.computeIfAbsent(pool, p -> new HashSet<>()).add(change + "|" + server + "|" + message)) {
            return;
        }
        action(pool, "error");
        events.publish(pool, instanceId, server, State.ERROR, null, message);
        LOG.errorf("Pool %s%s: %s", pool, instanceId == null ? "" : " instance " + instanceId, message);
    }

    private void action(String pool, String action) {
        registry.counter("autoscaler.lb.actions", "pool", pool, "action", action).increment();
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
