package io.autoscaler.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A pool: the containers of one image behind one HAProxy backend, and how to scale them.
 * Absent fields take the defaults below, so a minimal spec is {@code {name, image}};
 * {@link io.autoscaler.events.validation.PoolSpecValidator} says whether the result is acceptable.
 */
@RegisterForReflection
public record PoolSpec(
        String name,
        String image,
        Integer port,
        Map<String, String> env,
        String network,
        String haproxyBackend,
        Integer minReplicas,
        Integer maxReplicas,
        HealthCheck healthCheck,
        Policy policy,
        Drain drain,
        Resources resources,
        Boolean dryRun,
        Instant timestamp,
        Route route,
        String balance,
        String stickiness,
        Integer maxConnPerInstance,
        Long slowStartMs,
        List<ScheduledAction> schedule) {

    public static final int DEFAULT_PORT = 8080;
    public static final String DEFAULT_NETWORK = "autoscaler-data";
    public static final String DEFAULT_BALANCE = "roundrobin";
    public static final String STICKINESS_OFF = "off";

    public PoolSpec {
        port = Fields.orDefault(port, DEFAULT_PORT);
        env = Fields.mapOrEmpty(env);
        network = Fields.orDefault(network, DEFAULT_NETWORK);
        haproxyBackend = Fields.orDefault(haproxyBackend, name);
        minReplicas = Fields.orDefault(minReplicas, 1);
        maxReplicas = Fields.orDefault(maxReplicas, 10);
        healthCheck = Fields.orDefault(healthCheck, HealthCheck.DEFAULT);
        policy = Fields.orDefault(policy, Policy.DEFAULT);
        drain = Fields.orDefault(drain, Drain.DEFAULT);
        resources = Fields.orDefault(resources, Resources.DEFAULT);
        dryRun = Fields.orDefault(dryRun, false);
        route = Fields.orDefault(route, Route.NONE);
        balance = Fields.orDefault(balance, DEFAULT_BALANCE);
        stickiness = Fields.orDefault(stickiness, STICKINESS_OFF);
        maxConnPerInstance = Fields.orDefault(maxConnPerInstance, 0);
        slowStartMs = Fields.orDefault(slowStartMs, 0L);
        schedule = Fields.listOrEmpty(schedule);
    }

    /** A spec without a schedule. */
    public PoolSpec(String name, String image, Integer port, Map<String, String> env, String network,
            String haproxyBackend, Integer minReplicas, Integer maxReplicas, HealthCheck healthCheck, Policy policy,
            Drain drain, Resources resources, Boolean dryRun, Instant timestamp, Route route, String balance,
            String stickiness, Integer maxConnPerInstance, Long slowStartMs) {
        this(name, image, port, env, network, haproxyBackend, minReplicas, maxReplicas, healthCheck, policy, drain,
                resources, dryRun, timestamp, route, balance, stickiness, maxConnPerInstance, slowStartMs, null);
    }

    /** A spec without load-balancer settings: they take their defaults. */
    public PoolSpec(String name, String image, Integer port, Map<String, String> env, String network,
            String haproxyBackend, Integer minReplicas, Integer maxReplicas, HealthCheck healthCheck, Policy policy,
            Drain drain, Resources resources, Boolean dryRun, Instant timestamp) {
        this(name, image, port, env, network, haproxyBackend, minReplicas, maxReplicas, healthCheck, policy, drain,
                resources, dryRun, timestamp, null, null, null, null, null, null);
    }

    /** The smallest spec: everything else defaulted. */
    public static PoolSpec of(String name, String image) {
        return new PoolSpec(name, image, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    public PoolSpec withTimestamp(Instant at) {
        return new PoolSpec(name, image, port, env, network, haproxyBackend, minReplicas, maxReplicas,
                healthCheck, policy, drain, resources, dryRun, at,
                route, balance, stickiness, maxConnPerInstance, slowStartMs, schedule);
    }

    public PoolSpec withReplicas(int min, int max) {
        return new PoolSpec(name, image, port, env, network, haproxyBackend, min, max,
                healthCheck, policy, drain, resources, dryRun, timestamp,
                route, balance, stickiness, maxConnPerInstance, slowStartMs, schedule);
    }

    public PoolSpec withPolicy(Policy newPolicy) {
        return new PoolSpec(name, image, port, env, network, haproxyBackend, minReplicas, maxReplicas,
                healthCheck, newPolicy, drain, resources, dryRun, timestamp,
                route, balance, stickiness, maxConnPerInstance, slowStartMs, schedule);
    }

    public PoolSpec withRoute(Route newRoute) {
        return new PoolSpec(name, image, port, env, network, haproxyBackend, minReplicas, maxReplicas,
                healthCheck, policy, drain, resources, dryRun, timestamp,
                newRoute, balance, stickiness, maxConnPerInstance, slowStartMs, schedule);
    }

    /** The desired count clamped to this pool's bounds. */
    public int clamp(int replicas) {
        return Math.max(minReplicas, Math.min(maxReplicas, replicas));
    }

    /**
     * How an instance's health is judged. HAProxy checks {@code path} every {@code intervalMs};
     * {@code rise} passes make it UP, {@code fall} failures DOWN. A server still DOWN
     * {@code replaceAfterMs} after its {@code graceMs} start-up allowance is replaced.
     */
    @RegisterForReflection
    public record HealthCheck(String path, Integer intervalMs, Integer rise, Integer fall, Long graceMs,
            Long replaceAfterMs) {
        public static final HealthCheck DEFAULT = new HealthCheck(null, null, null, null, null, null);

        public HealthCheck {
            path = Fields.orDefault(path, "/health");
            intervalMs = Fields.orDefault(intervalMs, 1000);
            rise = Fields.orDefault(rise, 2);
            fall = Fields.orDefault(fall, 2);
            graceMs = Fields.orDefault(graceMs, 30_000L);
            replaceAfterMs = Fields.orDefault(replaceAfterMs, 15_000L);
        }
    }

    /**
     * How the desired count follows the metrics. {@code target-tracking} keeps each metric near its
     * target (as Kubernetes' HPA does); {@code step} adds or removes a fixed number of instances
     * while a metric sits in a band.
     */
    @RegisterForReflection
    public record Policy(String type, List<MetricTarget> metrics, List<Step> steps, Double tolerance,
            Rules scaleUp, Rules scaleDown, Long warmupMs) {
        public static final String TARGET_TRACKING = "target-tracking";
        public static final String STEP = "step";
        public static final Policy DEFAULT = new Policy(null, null, null, null, null, null, null);

        public Policy {
            type = Fields.orDefault(type, TARGET_TRACKING);
            metrics = metrics == null && TARGET_TRACKING.equals(type)
                    ? List.of(new MetricTarget(Metrics.CPU, 50.0))
                    : Fields.listOrEmpty(metrics);
            steps = Fields.listOrEmpty(steps);
            tolerance = Fields.orDefault(tolerance, 0.1);
            scaleUp = Rules.SCALE_UP_DEFAULT.overriddenBy(scaleUp);
            scaleDown = Rules.SCALE_DOWN_DEFAULT.overriddenBy(scaleDown);
            warmupMs = Fields.orDefault(warmupMs, 10_000L);
        }
    }

    /** Keep {@code name} (see {@link Metrics}) per instance near {@code target}. */
    @RegisterForReflection
    public record MetricTarget(String name, Double target) {
    }

    /**
     * A step of a step policy: while {@code metric} is in [{@code from}, {@code to}) change the
     * count by {@code change} instances (negative to scale in). A missing bound is unbounded.
     */
    @RegisterForReflection
    public record Step(String metric, Double from, Double to, Integer change) {
    }

    /**
     * Bounds for one direction: a recommendation must hold for {@code stabilizationMs} before it
     * counts; one decision moves at most {@code maxStepInstances} or {@code maxStepPercent} of the
     * current count (whichever allows more); decisions in this direction are {@code cooldownMs} apart.
     */
    @RegisterForReflection
    public record Rules(Long stabilizationMs, Integer maxStepInstances, Integer maxStepPercent, Long cooldownMs) {
        public static final Rules SCALE_UP_DEFAULT = new Rules(0L, 4, 100, 3_000L);
        public static final Rules SCALE_DOWN_DEFAULT = new Rules(60_000L, 2, 50, 15_000L);

        /** These rules with each field the user gave replacing ours (a direction's defaults differ). */
        Rules overriddenBy(Rules given) {
            if (given == null) {
                return this;
            }
            return new Rules(Fields.orDefault(given.stabilizationMs, stabilizationMs),
                    Fields.orDefault(given.maxStepInstances, maxStepInstances),
                    Fields.orDefault(given.maxStepPercent, maxStepPercent),
                    Fields.orDefault(given.cooldownMs, cooldownMs));
        }
    }

    /**
     * Which requests of the stack's frontend reach this pool: those whose Host is one of {@code hosts}
     * and whose path starts with one of {@code paths} (an empty list matches any). The pool marked
     * {@code default} takes what no route matched; a pool with neither is reachable only through
     * frontends of the user's own HAProxy configuration.
     */
    @RegisterForReflection
    public record Route(List<String> hosts, List<String> paths,
            @com.fasterxml.jackson.annotation.JsonProperty("default") Boolean fallback) {
        public static final Route NONE = new Route(null, null, null);

        public Route {
            hosts = Fields.listOrEmpty(hosts);
            paths = Fields.listOrEmpty(paths);
            fallback = Fields.orDefault(fallback, false);
        }

        /** True when the route matches some requests by host or path. */
        public boolean matchesSome() {
            return !hosts.isEmpty() || !paths.isEmpty();
        }
    }

    /** How long a retiring instance may take to finish its requests before it is cut. */
    @RegisterForReflection
    public record Drain(Long timeoutMs) {
        public static final Drain DEFAULT = new Drain(null);

        public Drain {
            timeoutMs = Fields.orDefault(timeoutMs, 30_000L);
        }
    }

    /** Limits per instance; 0 means no limit. CPU percent is relative to {@code cpus} when set. */
    @RegisterForReflection
    public record Resources(Double cpus, Integer memoryMb) {
        public static final Resources DEFAULT = new Resources(null, null);

        public Resources {
            cpus = Fields.orDefault(cpus, 1.0);
            memoryMb = Fields.orDefault(memoryMb, 256);
        }
    }
}
