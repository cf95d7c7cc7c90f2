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
    /** How often a pass runs while HAProxy reloads, to confirm the reload soon. */
    private static final Duration RELOAD_POLL = Duration.ofMillis(100);

    @Inject
    PoolCatalog catalog;

    @Inject
    Memberships memberships;

    @Inject
    HaproxyAdmin haproxy;

    @Inject
    LbEvents events;

    @Inject
    GeneratedConfig config;

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
    private String resyncCause = "HAProxy restarted";
    private HaproxyInfo lastInfo;
    private Instant lastInfoAt;
    private String haproxyProblem;
    private String passProblem;
    /** A server was added (its UP is reported at the next reading) or a delete must be tried again: pass soon. */
    private boolean passSoon;

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
            if (!reloadSettled()) {
                return;
            }
            Optional<HaproxyInfo> info = readHaproxyInfo();
            if (info.isEmpty()) {
                return;
            }
            noticeRestart(info.get());
            List<StatRow> stats = haproxy.stats();
            catalog.all().forEach(lastKnownSpecs::put);
            GeneratedConfig.Layout layout = config.layout(lastKnownSpecs.values());
            List<PoolSpec> generated = lastKnownSpecs.values().stream().filter(s -> layout.generates(s.name())).toList();
            Set<String> inHaproxy = stats.stream().filter(StatRow::isBackend).map(StatRow::backend)
                    .collect(java.util.stream.Collectors.toSet());
            if (config.needsReload(generated, inHaproxy)) {
                config.reload(generated, servers(generated, stats, inHaproxy));
                passIn(RELOAD_POLL);
                return;
            }
            boolean serversChanged = false;
            for (String pool : pools()) {
                serversChanged |= reconcile(pool, stats, layout.generates(pool), inHaproxy) && layout.generates(pool);
            }
            if (serversChanged) {
                config.save(servers(generated, stats, inHaproxy));
            }
            if (passSoon || drainsStarted.values().stream().anyMatch(drains -> !drains.isEmpty())) {
                passSoon = false;
                passIn(DRAIN_POLL);
            }
        } catch (RuntimeException e) {
            if (!String.valueOf(e).equals(passProblem)) {
                LOG.errorf(e, "Reconcile pass failed; retrying at every pass");
                passProblem = String.valueOf(e);
            }
        }
    }

    /**
     * False while a reload is being confirmed. Once applied, backends of the base file have lost the
     * servers added at runtime (a reload keeps only what the files hold): they are re-added this pass.
     */
    private boolean reloadSettled() {
        GeneratedConfig.Reload reload = config.settle();
        if (reload == GeneratedConfig.Reload.PENDING) {
            passIn(RELOAD_POLL);
            return false;
        }
        if (reload == GeneratedConfig.Reload.APPLIED) {
            GeneratedConfig.Layout layout = config.layout(lastKnownSpecs.values());
            Set<String> userManaged = new TreeSet<>(pools());
            userManaged.removeIf(layout::generates);
            userManaged.forEach(pool -> {
                statusWatches.remove(pool);
                drainsStarted.remove(pool);
            });
            awaitingResync.addAll(userManaged);
            resyncCause = "HAProxy reloaded";
            lastInfo = null; // the new worker is ours, not a restart
        }
        return true;
    }

    /** The current servers of each generated backend HAProxy has, for pools.cfg. */
    private Map<String, List<Backend.Server>> servers(List<PoolSpec> generated, List<StatRow> stats,
            Set<String> inHaproxy) {
        Map<String, List<Backend.Server>> servers = new HashMap<>();
        generated.stream().map(PoolSpec::haproxyBackend).filter(inHaproxy::contains)
                .forEach(b -> servers.put(b, haproxy.backend("-", b, stats).servers()));
        return servers;
    }

    private void passIn(Duration delay) {
        loop.schedule(this::requestPass, delay.toMillis(), TimeUnit.MILLISECONDS);
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
            resyncCause = "HAProxy restarted";
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

    /**
     * @param generated whether pools.cfg holds the pool's backend (else the base file does)
     * @return whether its servers changed (a step applied, or an UP/DOWN change)
     */
    private boolean reconcile(String pool, List<StatRow> stats, boolean generated, Set<String> inHaproxy) {
        PoolSpec spec = lastKnownSpecs.get(pool);
        if (spec == null) {
            LOG.debugf("Pool %s has a membership but no spec yet", pool);
            return false;
        }
        if (generated && !inHaproxy.contains(spec.haproxyBackend())) {
            // its configuration was refused (and reported so) or awaits its reload
            if (memberships.of(pool).isEmpty() && catalog.pool(pool).isEmpty()) {
                forget(pool);
            }
            return false;
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
            return false;
        } catch (IllegalArgumentException e) {
            poolError(pool, specChange, null, null, e.getMessage());
            return false;
        }
        // a generated backend hashes with hash-type consistent, which takes servers at runtime
        if (!generated && !backend.acceptsDynamicServers()) {
            poolError(pool, specChange, null, null, "backend " + target.backend() + " balances with '"
                    + backend.algorithm() + "', which cannot take servers at runtime (use roundrobin, leastconn or first)");
            return false;
        }
        boolean statusChanged = reportStatusChanges(pool, backend);
        noteDrainsInProgress(pool, backend);

        List<Step> steps = Reconciler.plan(target, backend, drains(pool), clock.instant());
        if (steps.stream().anyMatch(s -> s instanceof Step.Remove r && !r.timedOut()) && config.oldWorkersServing()) {
            // the previous worker may still be serving requests on them: removed once it is gone
            steps = steps.stream().filter(s -> !(s instanceof Step.Remove r && !r.timedOut())).toList();
            passSoon = true;
        }
        boolean allApplied = true;
        for (Step step : steps) {
            allApplied &= apply(target, spec, step, change);
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
        return statusChanged || !steps.isEmpty();
    }

    /** After an HAProxy restart: one HAPROXY_RESYNCED per server re-added, or one for the pool if it had none. */
    private void reportResynced(PoolTarget target, List<Step> steps) {
        String reason = resyncCause + "; re-added to backend " + target.backend();
        List<Step.Add> readded = steps.stream().filter(Step.Add.class::isInstance).map(Step.Add.class::cast).toList();
        readded.forEach(add -> events.publish(target.pool(), add.instanceId(), add.server(), State.HAPROXY_RESYNCED,
                null, reason));
        if (readded.isEmpty()) {
            events.publish(target.pool(), null, null, State.HAPROXY_RESYNCED, null,
                    resyncCause + "; no server to re-add");
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

    private boolean reportStatusChanges(String pool, Backend backend) {
        StatusWatch watch = statusWatches.computeIfAbsent(pool, p -> new StatusWatch());
        List<StatusWatch.Change> changes = watch.observe(backend.servers());
        for (StatusWatch.Change change : changes) {
            Optional<String> instanceId = io.autoscaler.events.Naming.instanceId(pool, change.server());
            if (instanceId.isEmpty()) {
                continue; // not ours
            }
            State state = change.health() == Backend.Health.UP ? State.UP : State.DOWN;
            events.publish(pool, instanceId.get(), change.server(), state, null, "health checks: " + state);
            LOG.infof("Pool %s instance %s: server %s is %s", pool, instanceId.get(), change.server(), state);
        }
        return !changes.isEmpty();
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

    private boolean apply(PoolTarget target, PoolSpec spec, Step step, String change) {
        String pool = target.pool();
        String backend = target.backend();
        try {
            ServerRef server = new ServerRef(backend, step.server());
            if (step instanceof Step.Add add) {
                haproxy.run(pool, "add", Commands.addServer(server, new ServerAddress(add.address(), add.port()), spec));
                haproxy.run(pool, "start-up", Commands.startUp(server));
                statusWatches.computeIfAbsent(pool, p -> new StatusWatch()).added(add.server());
                passSoon = true;
                action(pool, "added");
                events.publish(pool, add.instanceId(), add.server(), State.ADDED, null,
                        "added at " + add.address() + ":" + add.port() + ", UP at once (probed ready); DOWN after "
                                + target.check().fall() + " failed checks");
                LOG.infof("Pool %s instance %s: added server %s/%s at %s:%d (UP)", pool,
                        add.instanceId(), backend, add.server(), add.address(), add.port());
            } else if (step instanceof Step.Release release) {
                haproxy.run(pool, "start-up", Commands.startUp(server));
                statusWatches.computeIfAbsent(pool, p -> new StatusWatch()).added(release.server());
                passSoon = true;
                action(pool, "released");
                LOG.infof("Pool %s instance %s: released server %s/%s from maintenance or drain (UP)",
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

    /**
     * Maintenance, then delete. While HAProxy still reports connections the server stays in maintenance
     * and the delete is tried again at a pass soon after (the loop never waits).
     */
    private boolean remove(PoolTarget target, ServerRef server, Step.Remove remove) {
        String pool = target.pool();
        haproxy.run(pool, "maint", Commands.maintenance(server));
        try {
            haproxy.run(pool, "del", Commands.delete(server));
        } catch (RuntimeApiException e) {
            if (e.is(Kind.STILL_HAS_CONNECTIONS) || e.is(Kind.NOT_IN_MAINTENANCE)) {
                LOG.debugf("Pool %s: %s still has connections; deleting at the next pass", pool, remove.server());
                passSoon = true;
                return true;
            }
            if (!e.is(Kind.NO_SUCH_SERVER)) {
                throw e;
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
}
