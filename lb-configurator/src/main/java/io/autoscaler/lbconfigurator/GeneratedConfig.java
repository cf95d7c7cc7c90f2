package io.autoscaler.lbconfigurator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.autoscaler.events.LbEvent.State;
import io.autoscaler.events.PoolSpec;
import io.autoscaler.lbconfigurator.core.PoolsConfig;
import io.autoscaler.lbconfigurator.haproxy.Backend;
import io.autoscaler.lbconfigurator.haproxy.BaseConfig;
import io.autoscaler.lbconfigurator.haproxy.ConfigCheck;
import io.autoscaler.lbconfigurator.haproxy.ConfigWords;
import io.autoscaler.lbconfigurator.haproxy.Processes;
import io.autoscaler.lbconfigurator.haproxy.RuntimeApiException;
import io.autoscaler.lbconfigurator.haproxy.SocketRuntimeApi;

/**
 * Keeps {@code pools.cfg} (see {@link PoolsConfig}) and the server-state file in the directory HAProxy
 * loads after the user's base file. A pool-level change (a new pool, a route, an algorithm, a health
 * check) is checked by {@code haproxy -c}, written in place and applied by a reload on the master CLI,
 * confirmed by {@code show proc} at the following passes (the loop never waits). A refused rendering is
 * never written: HAProxy keeps the previous one, and a CONFIG_REFUSED event says why. Instance-level
 * changes are only written (no reload), so that a restarted HAProxy starts with the servers it had.
 */
@ApplicationScoped
public class GeneratedConfig {
    private static final Logger LOG = Logger.getLogger(GeneratedConfig.class);

    @ConfigProperty(name = "autoscaler.lb.base-config")
    Path baseConfig;
    @ConfigProperty(name = "autoscaler.lb.generated-dir")
    Path dir;
    @ConfigProperty(name = "autoscaler.lb.master-socket")
    String masterSocket;
    @ConfigProperty(name = "autoscaler.lb.haproxy-binary")
    String binary;
    @ConfigProperty(name = "autoscaler.lb.bind")
    String bind;
    @ConfigProperty(name = "autoscaler.lb.cookie-key")
    Optional<String> cookieKey;
    @ConfigProperty(name = "autoscaler.lb.reload-timeout")
    Duration reloadTimeout;
    @ConfigProperty(name = "autoscaler.lb.command-timeout", defaultValue = "5s")
    Duration commandTimeout;

    @Inject
    HaproxyAdmin haproxy;
    @Inject
    LbEvents events;

    private ConfigFiles files;
    private SocketRuntimeApi master;
    // State of the loop thread only.
    private PoolsConfig.Rendered applied;
    private List<PoolSpec> appliedSpecs;
    private String refusedSkeleton;
    private String lastWritten;
    private PendingReload pending;
    private String baseProblem;
    private boolean oldWorkersAfterReload;
    private final Set<String> reported = new HashSet<>();

    /** Which pools the configuration generates: those whose backend the base file does not declare. */
    public record Layout(Set<String> generated) {
        public boolean generates(String pool) {
            return generated.contains(pool);
        }
    }

    private record PendingReload(Processes before, Instant sentAt, PoolsConfig.Rendered rendered,
            List<PoolSpec> specs, Set<String> changed) {
    }

    /** How the reload requested earlier ended. */
    public enum Reload {
        NONE, PENDING, APPLIED, FAILED
    }

    @PostConstruct
    void setUp() {
        ConfigWords.bind(bind); // a bad setting fails the start, not the first pool
        files = new ConfigFiles(dir, baseConfig, new ConfigCheck(binary, commandTimeout), haproxy::serversState);
        master = SocketRuntimeApi.of(masterSocket, commandTimeout);
    }

    /** Reads the base file; if it cannot be read, nothing is generated and every pool is run as before. */
    public Layout layout(Collection<PoolSpec> pools) {
        BaseConfig base;
        try {
            base = BaseConfig.parse(Files.readString(baseConfig, StandardCharsets.UTF_8));
            baseProblem = null;
        } catch (IOException e) {
            if (!String.valueOf(e).equals(baseProblem)) {
                LOG.errorf("Cannot read HAProxy's base configuration %s (%s): no pool is generated", baseConfig, e);
                baseProblem = String.valueOf(e);
            }
            return new Layout(Set.of());
        }
        Set<String> generated = new TreeSet<>();
        pools.stream().filter(p -> !base.declares(p.haproxyBackend())).forEach(p -> generated.add(p.name()));
        return new Layout(Set.copyOf(generated));
    }

    /**
     * True when the generated pools differ, in anything but servers, from what HAProxy runs (or, at the
     * first pass, a generated backend is missing from HAProxy), and this rendering was not refused already.
     */
    public boolean needsReload(List<PoolSpec> pools, Set<String> backendsInHaproxy) {
        PoolsConfig.Rendered wanted = PoolsConfig.render(pools, Map.of(), settings());
        if (applied == null) {
            String onDisk = files.pools();
            boolean allThere = pools.stream().allMatch(p -> backendsInHaproxy.contains(p.haproxyBackend()));
            if (allThere && PoolsConfig.skeleton(onDisk).equals(wanted.skeleton())) {
                applied = wanted; // HAProxy runs what we wrote before we restarted
                appliedSpecs = pools;
                lastWritten = onDisk;
            }
        }
        String skeleton = wanted.skeleton();
        return (applied == null || !applied.skeleton().equals(skeleton)) && !skeleton.equals(refusedSkeleton);
    }

    /** Renders with the current servers, checks, writes and asks the master for a reload. */
    public void reload(List<PoolSpec> pools, Map<String, List<Backend.Server>> servers) {
        PoolsConfig.Rendered rendered = PoolsConfig.render(pools, servers, settings());
        report(rendered.problems());
        Set<String> changed = changedPools(rendered);
        Optional<String> refusal = write(rendered.text());
        if (refusal.isPresent()) {
            refusedSkeleton = rendered.skeleton();
            changed.forEach(pool -> events.publish(pool, null, null, State.CONFIG_REFUSED, null,
                    "configuration not applied, the previous one stays live: " + refusal.get()));
            LOG.errorf("Generated configuration refused, not applied (pools %s): %s", changed, refusal.get());
            return;
        }
        Processes before = processes();
        try {
            master.send("reload");
        } catch (RuntimeApiException e) {
            LOG.debugf("reload: %s (confirmed or not by show proc)", e.getMessage());
        }
        pending = new PendingReload(before, Instant.now(), rendered, pools, changed);
        LOG.infof("Reloading HAProxy for pools %s (worker pid %d)", changed, before.workerPid());
    }

    /** Confirms the reload requested earlier, from the master's {@code show proc}. */
    public Reload settle() {
        if (pending == null) {
            return Reload.NONE;
        }
        Optional<Boolean> outcome;
        try {
            outcome = processes().reloadApplied(pending.before());
        } catch (RuntimeApiException | IllegalArgumentException e) {
            outcome = Optional.empty(); // the master re-executes itself meanwhile (no answer, or an empty one)
        }
        PendingReload done = pending;
        if (outcome.isEmpty()) {
            if (Duration.between(done.sentAt(), Instant.now()).compareTo(reloadTimeout) < 0) {
                return Reload.PENDING;
            }
            pending = null;
            done.changed().forEach(pool -> events.publish(pool, null, null, State.ERROR, null,
                    "HAProxy reload not confirmed within " + reloadTimeout + "; trying again"));
            LOG.errorf("HAProxy reload not confirmed by %s within %s", masterSocket, reloadTimeout);
            return Reload.FAILED;
        }
        pending = null;
        if (!outcome.get()) {
            refusedSkeleton = done.rendered().skeleton();
            done.changed().forEach(pool -> events.publish(pool, null, null, State.CONFIG_REFUSED, null,
                    "HAProxy's master refused the reload (see its log); the previous configuration stays live"));
            LOG.errorf("HAProxy's master refused the reload of pools %s; previous configuration stays live",
                    done.changed());
            return Reload.FAILED;
        }
        applied = done.rendered();
        appliedSpecs = done.specs();
        oldWorkersAfterReload = true;
        Processes now = processes();
        done.changed().forEach(pool -> events.publish(pool, null, null, State.CONFIG_APPLIED, null,
                "pool-level change applied by a hitless reload (HAProxy worker " + done.before().workerPid() + " -> "
                        + now.workerPid() + ")"));
        LOG.infof("HAProxy reloaded for pools %s: worker %d -> %d", done.changed(), done.before().workerPid(),
                now.workerPid());
        return Reload.APPLIED;
    }

    /**
     * True while workers of before the last reload still serve requests: they hold connections to servers
     * the new worker counts as idle, so a drained server must not be removed yet.
     */
    public boolean oldWorkersServing() {
        if (oldWorkersAfterReload) {
            try {
                oldWorkersAfterReload = processes().oldWorkers() > 0;
            } catch (RuntimeApiException | IllegalArgumentException e) {
                return true; // unknown: the drain timeout still bounds the wait
            }
        }
        return oldWorkersAfterReload;
    }

    /**
     * After instance-level changes: the applied pools with their current servers, checked and written,
     * and the servers' states dumped, without a reload, so a restarted HAProxy starts with them.
     */
    public void save(Map<String, List<Backend.Server>> servers) {
        if (appliedSpecs == null || pending != null) {
            return;
        }
        PoolsConfig.Rendered rendered = PoolsConfig.render(appliedSpecs, servers, settings());
        if (!rendered.text().equals(lastWritten)) {
            Optional<String> refusal = write(rendered.text());
            if (refusal.isPresent()) {
                LOG.errorf("Generated configuration with the current servers refused, not written: %s", refusal.get());
                return;
            }
        } else {
            files.dumpServerState();
        }
    }

    private Optional<String> write(String text) {
        Optional<String> refusal = files.writeChecked(text);
        if (refusal.isEmpty()) {
            lastWritten = text;
        }
        return refusal;
    }

    /** The master CLI keeps a connection open after a command: {@code quit} makes it close. */
    private Processes processes() {
        return Processes.parse(master.send("show proc; quit"));
    }

    /** Pools whose section differs from the applied one (all of them when unknown). */
    private Set<String> changedPools(PoolsConfig.Rendered rendered) {
        Set<String> changed = new TreeSet<>();
        Set<String> pools = new TreeSet<>(rendered.sections().keySet());
        if (applied != null) {
            pools.addAll(applied.sections().keySet());
        }
        pools.remove(PoolsConfig.FRONTEND_SECTION);
        boolean frontendChanged = applied == null || !java.util.Objects.equals(
                applied.sections().get(PoolsConfig.FRONTEND_SECTION),
                rendered.sections().get(PoolsConfig.FRONTEND_SECTION));
        for (String pool : pools) {
            if (applied == null || !java.util.Objects.equals(applied.sections().get(pool), rendered.sections().get(pool))) {
                changed.add(pool);
            }
        }
        if (changed.isEmpty() && frontendChanged) {
            changed.addAll(pools); // a route change alone: every generated pool hears of it
        }
        return changed;
    }

    /** One ERROR event and log line per problem, again only after it went away and came back. */
    private void report(List<PoolsConfig.Problem> problems) {
        Set<String> now = new HashSet<>();
        for (PoolsConfig.Problem problem : problems) {
            String key = problem.pool() + "|" + problem.message();
            now.add(key);
            if (reported.add(key)) {
                events.publish(problem.pool(), null, null, State.ERROR, null, problem.message());
                LOG.errorf("Pool %s: %s", problem.pool(), problem.message());
            }
        }
        reported.retainAll(now);
    }

    private PoolsConfig.Settings settings() {
        if (cookieKey.isEmpty()) {
            cookieKey = Optional.ofNullable(files.cookieKey());
        }
        return new PoolsConfig.Settings(bind, files.stateFile().toString(), cookieKey.orElse(null));
    }
}
