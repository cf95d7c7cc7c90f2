package io.autoscaler.lbconfigurator;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.autoscaler.events.PoolMembership;
import io.autoscaler.events.PoolSpec;
import io.autoscaler.lbconfigurator.Memberships.MembershipChanged;
import io.autoscaler.lbconfigurator.core.PoolTarget;
import io.autoscaler.lbconfigurator.core.Reconciler;
import io.autoscaler.lbconfigurator.core.Step;
import io.autoscaler.lbconfigurator.haproxy.Backend;
import io.autoscaler.lbconfigurator.haproxy.HaproxyInfo;
import io.autoscaler.lbconfigurator.haproxy.RuntimeApiException;
import io.autoscaler.lbconfigurator.haproxy.StatRow;
import io.autoscaler.lbconfigurator.metrics.ServerGauges;
import io.autoscaler.service.PoolCatalog;
import io.autoscaler.service.PoolChanged;
import io.autoscaler.service.ReconcileLoop;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Makes every pool's HAProxy backend match the pool's membership. One pass on the {@link ReconcileLoop}, on
 * every membership or pool change and every resync interval (more often while a drain or a reload is under
 * way), once both topics are loaded (acting on half-read topics would remove servers of instances not read yet):
 * <ol>
 * <li>confirm a reload requested earlier ({@link GeneratedConfig}); until then, nothing else;</li>
 * <li>read HAProxy's process info, and notice a restart (its runtime servers are gone);</li>
 * <li>if the generated pools changed in more than servers: write pools.cfg and reload, and stop here;</li>
 * <li>for each pool: read its backend, report UP/DOWN changes, plan the steps from membership vs
 * backend ({@link Reconciler}) and apply them ({@link StepRunner}) through the runtime API;</li>
 * <li>after instance-level changes of generated pools: rewrite pools.cfg and the server states (no reload);</li>
 * <li>after a restart or reload, report HAPROXY_RESYNCED for each pool once its servers are back.</li>
 * </ol>
 * All state here ({@link PoolState}) can be lost: a restarted configurator rebuilds it from the topics
 * and HAProxy, and drains in progress continue.
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
    StepRunner steps;

    @Inject
    ServerGauges serverGauges;

    @ConfigProperty(name = "autoscaler.lb.resync-interval", defaultValue = "2s")
    Duration resyncInterval;

    private final Clock clock = Clock.systemUTC();
    private ReconcileLoop loop;

    // State of the loop thread only.
    private final Map<String, PoolState> pools = new HashMap<>();
    private final HaproxyRestarts restarts = new HaproxyRestarts();
    private String passProblem;
    /** A server was added (its UP is reported at the next reading) or a delete must be tried again. */
    private boolean passSoon;

    void start(@Observes StartupEvent event) {
        loop = new ReconcileLoop("lb-reconcile", () -> catalog.loaded() && memberships.loaded(), resync -> pass(),
                () -> {
                });
        loop.start(resyncInterval);
        LOG.infof("Configuring HAProxy at %s, resync every %s", haproxy.socket(), resyncInterval);
    }

    void stop(@Observes ShutdownEvent event) {
        if (loop != null) {
            loop.stop();
        }
    }

    void onMembership(@Observes MembershipChanged change) {
        requestPass();
    }

    void onPool(@Observes PoolChanged change) {
        requestPass();
    }

    private void requestPass() {
        if (loop != null) {
            loop.requestPass();
        }
    }

    private void pass() {
        try {
            if (!reloadSettled()) {
                return;
            }
            Optional<HaproxyInfo> info = haproxy.infoIfReachable();
            if (info.isEmpty()) {
                return;
            }
            noticeRestart(info.get());
            List<StatRow> stats = haproxy.stats();
            readSpecs();
            GeneratedConfig.Layout layout = config.layout(specs());
            List<PoolSpec> generated = specs().stream().filter(s -> layout.generates(s.name())).toList();
            Set<String> inHaproxy = stats.stream().filter(StatRow::isBackend).map(StatRow::backend)
                    .collect(Collectors.toSet());
            if (config.needsReload(generated, inHaproxy)) {
                config.reload(generated, haproxy.servers(backends(generated, inHaproxy), stats));
                passIn(RELOAD_POLL);
                return;
            }
            boolean serversChanged = false;
            for (String pool : new TreeSet<>(pools.keySet())) {
                serversChanged |= reconcile(pool, stats, layout.generates(pool), inHaproxy) && layout.generates(pool);
            }
            if (serversChanged) {
                config.save(haproxy.servers(backends(generated, inHaproxy), stats));
            }
            if (passSoon || pools.values().stream().anyMatch(p -> !p.drains.isEmpty())) {
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

    /** Every pool with a spec or a membership; a deleted pool stays until its servers are gone. */
    private void readSpecs() {
        catalog.all().forEach((name, spec) -> pool(name).spec = spec);
        // an empty membership without a spec is what a deleted pool leaves: nothing left to watch
        memberships.all().forEach((name, membership) -> {
            if (!membership.instances().isEmpty()) {
                pool(name);
            }
        });
    }

    private PoolState pool(String name) {
        return pools.computeIfAbsent(name, n -> new PoolState());
    }

    private List<PoolSpec> specs() {
        return pools.values().stream().map(p -> p.spec).filter(Objects::nonNull).toList();
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
            GeneratedConfig.Layout layout = config.layout(specs());
            pools.forEach((name, pool) -> {
                if (!layout.generates(name)) {
                    pool.awaitResync();
                }
            });
            restarts.reloaded();
        }
        return true;
    }

    /** The backends of these pools that HAProxy has. */
    private static List<String> backends(List<PoolSpec> pools, Set<String> inHaproxy) {
        return pools.stream().map(PoolSpec::haproxyBackend).filter(inHaproxy::contains).toList();
    }

    private void passIn(Duration delay) {
        loop.passIn(delay);
    }

    /** HAProxy restarted and lost every server added at runtime: each pool's are re-added. */
    private void noticeRestart(HaproxyInfo info) {
        if (restarts.restarted(info, clock.instant())) {
            pools.values().forEach(PoolState::awaitResync);
        }
    }

    /**
     * @param generated whether pools.cfg holds the pool's backend (else the base file does)
     * @return whether its servers changed (a step applied, or an UP/DOWN change)
     */
    private boolean reconcile(String name, List<StatRow> stats, boolean generated, Set<String> inHaproxy) {
        PoolState pool = pools.get(name);
        PoolSpec spec = pool.spec;
        PoolMembership membership = memberships.of(name).orElse(null);
        // the provisioner tombstones a deleted pool's membership once its containers are gone (it used to leave it empty)
        boolean deleted = catalog.pool(name).isEmpty() && (membership == null || membership.instances().isEmpty());
        if (spec == null) {
            LOG.debugf("Pool %s has a membership but no spec yet", name);
            return false;
        }
        if (generated && !inHaproxy.contains(spec.haproxyBackend())) {
            if (deleted) {
                forget(name); // its configuration was refused (and reported so): nothing of it in HAProxy
            }
            return false;
        }
        PoolTarget target = PoolTarget.of(spec, membership);
        // a backend problem is reported once per spec; a refused command once per membership change too
        String specChange = spec.toString();
        String change = specChange + "@" + (membership == null ? "-" : membership.generation());
        Backend backend;
        try {
            backend = haproxy.backend(name, target.backend(), stats);
        } catch (RuntimeApiException e) {
            steps.error(name, pool, specChange, null, null, "backend " + target.backend() + ": " + e.reason());
            return false;
        } catch (IllegalArgumentException e) {
            steps.error(name, pool, specChange, null, null, e.getMessage());
            return false;
        }
        // a generated backend hashes with hash-type consistent, which takes servers at runtime
        if (!generated && !backend.acceptsDynamicServers()) {
            steps.error(name, pool, specChange, null, null, "backend " + target.backend() + " balances with '"
                    + backend.algorithm() + "', which cannot take servers at runtime (use roundrobin, leastconn or first)");
            return false;
        }
        serverGauges.backend(name, backend);
        boolean statusChanged = steps.reportHealth(name, pool.watch, backend);
        pool.noteDrainsInProgress(backend, clock.instant());

        List<Step> planned = Reconciler.plan(target, backend, pool.drains, clock.instant());
        if (planned.stream().anyMatch(Configurator::removesIdle) && config.oldWorkersServing()) {
            // the previous worker may still be serving requests on them: removed once it is gone
            planned = planned.stream().filter(s -> !removesIdle(s)).toList();
            passSoon = true;
        }
        boolean allApplied = true;
        for (Step step : planned) {
            StepRunner.Outcome outcome = steps.apply(target, spec, pool, step, change);
            allApplied &= outcome != StepRunner.Outcome.FAILED;
            passSoon |= outcome == StepRunner.Outcome.SOON;
        }
        pool.forgetDrainedInstancesGone(name, membership);
        if (allApplied) {
            pool.reportedErrors.clear();
            if (pool.awaitingResync) {
                pool.awaitingResync = false;
                steps.reportResynced(target, planned, restarts.resyncCause());
            }
            if (deleted && !Reconciler.managesAny(target, backend)) {
                forget(name); // deleted, and none of its servers left
            }
        }
        return statusChanged || !planned.isEmpty();
    }

    private static boolean removesIdle(Step step) {
        return step instanceof Step.Remove remove && !remove.timedOut();
    }

    private void forget(String pool) {
        pools.remove(pool);
        serverGauges.forget(pool);
        LOG.infof("Pool %s deleted and its servers gone; no longer watched", pool);
    }
}
