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
        List<ScheduledAction> schedule,
        Placement placement) {

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
        placement = Fields.orDefault(placement, Placement.NONE);
    }

    /** A spec placed anywhere (no constraints, no preferences). */
    public PoolSpec(String name, String image, Integer port, Map<String, String> env, String network,
            String haproxyBackend, Integer minReplicas, Integer maxReplicas, HealthCheck healthCheck, Policy policy,
            Drain drain, Resources resources, Boolean dryRun, Instant timestamp, Route route, String balance,
            String stickiness, Integer maxConnPerInstance, Long slowStartMs, List<ScheduledAction> schedule) {
        this(name, image, port, env, network, haproxyBackend, minReplicas, maxReplicas, healthCheck, policy, drain,
                resources, dryRun, timestamp, route, balance, stickiness, maxConnPerInstance, slowStartMs, schedule,
                null);
    }

    /** A spec without a schedule. */
    public PoolSpec(String name, String image, Integer port, Map<String, String> env, String network,
            String haproxyBackend, Integer minReplicas, Integer maxReplicas, HealthCheck healthCheck, Policy policy,
            Drain drain, Resources resources, Boolean dryRun, Instant timestamp, Route route, String balance,
            String stickiness, Integer maxConnPerInstance, Long slowStartMs) {
        this(name, image, port, env, network, haproxyBackend, minReplicas, maxReplicas, healthCheck, policy, drain,
                resources, dryRun, timestamp, route, balance, stickiness, maxConnPerInstance, slowStartMs, null, null);
    }

    /** A spec without load-balancer settings: they take their defaults. */
    public PoolSpec(String name, String image, Integer port, Map<String, String> env, String network,
            String haproxyBackend, Integer minReplicas, Integer maxReplicas, HealthCheck healthCheck, Policy policy,
            Drain drain, Resources resources, Boolean dryRun, Instant timestamp) {
        this(name, image, port, env, network, haproxyBackend, minReplicas, maxReplicas, healthCheck, policy, drain,
                resources, dryRun, timestamp, null, null, null, null, null, null, null);
    }

    /** The smallest spec: everything else defaulted. */
    public static PoolSpec of(String name, String image) {
        return new PoolSpec(name, image, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    public PoolSpec withTimestamp(Instant at) {
        return new PoolSpec(name, image, port, env, network, haproxyBackend, minReplicas, maxReplicas,
                healthCheck, policy, drain, resources, dryRun, at,
                route, balance, stickiness, maxConnPerInstance, slowStartMs, schedule, placement);
    }

    public PoolSpec withReplicas(int min, int max) {
        return new PoolSpec(name, image, port, env, network, haproxyBackend, min, max,
                healthCheck, policy, drain, resources, dryRun, timestamp,
                route, balance, stickiness, maxConnPerInstance, slowStartMs, schedule, placement);
    }

    public PoolSpec withPolicy(Policy newPolicy) {
        return new PoolSpec(name, image, port, env, network, haproxyBackend, minReplicas, maxReplicas,
                healthCheck, newPolicy, drain, resources, dryRun, timestamp,
                route, balance, stickiness, maxConnPerInstance, slowStartMs, schedule, placement);
    }

    public PoolSpec withRoute(Route newRoute) {
        return new PoolSpec(name, image, port, env, network, haproxyBackend, minReplicas, maxReplicas,
                healthCheck, policy, drain, resources, dryRun, timestamp,
                newRoute, balance, stickiness, maxConnPerInstance, slowStartMs, schedule, placement);
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
     * target (as Kubernetes' HPA does); {@code step} adjusts the count while a metric sits in a band
     * (as AWS step scaling does: {@code adjustmentType} says how a step's {@code change} reads, and
     * bands of one metric leave no gap unless {@code allowGaps}). {@code tolerance} is each
     * direction's tolerance unless the direction gives its own.
     */
    @RegisterForReflection
    public record Policy(String type, List<MetricTarget> metrics, List<Step> steps, Double tolerance,
            Rules scaleUp, Rules scaleDown, Long warmupMs, String adjustmentType, Integer minAdjustmentMagnitude,
            Boolean allowGaps) {
        public static final String TARGET_TRACKING = "target-tracking";
        public static final String STEP = "step";
        public static final String CHANGE_IN_CAPACITY = "ChangeInCapacity";
        public static final String PERCENT_CHANGE_IN_CAPACITY = "PercentChangeInCapacity";
        public static final String EXACT_CAPACITY = "ExactCapacity";
        public static final Policy DEFAULT = new Policy(null, null, null, null, null, null, null);

        public Policy {
            type = Fields.orDefault(type, TARGET_TRACKING);
            metrics = metrics == null && TARGET_TRACKING.equals(type)
                    ? List.of(new MetricTarget(Metrics.CPU, 50.0))
                    : Fields.listOrEmpty(metrics);
            steps = Fields.listOrEmpty(steps);
            tolerance = Fields.orDefault(tolerance, 0.1);
            scaleUp = Rules.scaleUp(scaleUp, tolerance);
            scaleDown = Rules.scaleDown(scaleDown, tolerance);
            warmupMs = Fields.orDefault(warmupMs, 10_000L);
            adjustmentType = Fields.orDefault(adjustmentType, CHANGE_IN_CAPACITY);
            allowGaps = Fields.orDefault(allowGaps, false);
        }

        /** A policy whose steps, if any, change the count by a number of instances, with no gap. */
        public Policy(String type, List<MetricTarget> metrics, List<Step> steps, Double tolerance, Rules scaleUp,
                Rules scaleDown, Long warmupMs) {
            this(type, metrics, steps, tolerance, scaleUp, scaleDown, warmupMs, null, null, null);
        }
    }

    /** Keep {@code name} (see {@link Metrics}) per instance near {@code target}. */
    @RegisterForReflection
    public record MetricTarget(String name, Double target) {
    }

    /**
     * A step of a step policy: while {@code metric} is in [{@code from}, {@code to}) adjust the count by
     * {@code change}, read as the policy's adjustment type says (instances, percent, or the count
     * itself). A missing bound is unbounded.
     */
    @RegisterForReflection
    public record Step(String metric, Double from, Double to, Integer change) {
    }

    /**
     * Bounds for one direction, in HPA's shape: a recommendation must hold for {@code stabilizationMs}
     * before it counts; {@code policies} are budgets over a sliding period, counted from the count at the
     * period's start, of which {@code selectPolicy} takes the one allowing the largest change
     * ({@code Max}), the smallest ({@code Min}) or none ({@code Disabled}); {@code tolerance} is how far
     * a metric may sit beyond its target this way before it counts. {@code cooldownMs} (ours, not HPA's)
     * spaces decisions in this direction. {@code maxStepInstances} and {@code maxStepPercent} are the
     * earlier shape: read as Pods and Percent policies over a period of {@code cooldownMs}, which limits
     * each decision from the count before it, as they always did.
     */
    @RegisterForReflection
    public record Rules(Long stabilizationMs, List<RatePolicy> policies, String selectPolicy, Double tolerance,
            Long cooldownMs, Integer maxStepInstances, Integer maxStepPercent) {
        public static final String MAX = "Max";
        public static final String MIN = "Min";
        public static final String DISABLED = "Disabled";
        /** HPA's default period of its default policies. */
        private static final long PERIOD_MS = 15_000L;
        /** HPA's longest period, 1,800 s. */
        public static final long MAX_PERIOD_MS = 1_800_000L;

        /** Rules in the earlier shape. */
        public Rules(Long stabilizationMs, Integer maxStepInstances, Integer maxStepPercent, Long cooldownMs) {
            this(stabilizationMs, null, null, null, cooldownMs, maxStepInstances, maxStepPercent);
        }

        /** HPA's scale-up defaults: no stabilization, at most double or 4 more per 15 s, the larger. */
        static Rules scaleUp(Rules given, double tolerance) {
            return completed(given, 0L, List.of(RatePolicy.percent(100, PERIOD_MS), RatePolicy.pods(4, PERIOD_MS)),
                    4, 100, tolerance);
        }

        /** HPA's scale-down defaults: 300 s stabilization, then down to any count at once. */
        static Rules scaleDown(Rules given, double tolerance) {
            return completed(given, 300_000L, List.of(RatePolicy.percent(100, PERIOD_MS)), 2, 50, tolerance);
        }

        private static Rules completed(Rules given, long stabilizationMs, List<RatePolicy> policies,
                int earlierInstances, int earlierPercent, double tolerance) {
            Rules g = given != null ? given : new Rules(null, null, null, null, null, null, null);
            long cooldownMs = Fields.orDefault(g.cooldownMs, 0L);
            Integer instances = g.maxStepInstances;
            Integer percent = g.maxStepPercent;
            List<RatePolicy> chosen = g.policies != null ? List.copyOf(g.policies) : policies;
            boolean earlier = instances != null || percent != null;
            if (g.policies == null && earlier && mappable(instances) && mappable(percent)) {
                // a value that cannot be a policy stays where it was given, for the validator to name it;
                // beyond HPA's longest period a cooldown alone keeps decisions apart
                long period = Math.min(Math.max(1, cooldownMs), MAX_PERIOD_MS);
                chosen = List.of(RatePolicy.pods(Fields.orDefault(instances, earlierInstances), period),
                        RatePolicy.percent(Fields.orDefault(percent, earlierPercent), period));
                instances = null;
                percent = null;
            }
            return new Rules(Fields.orDefault(g.stabilizationMs, stabilizationMs), chosen,
                    Fields.orDefault(g.selectPolicy, MAX), Fields.orDefault(g.tolerance, tolerance), cooldownMs,
                    instances, percent);
        }

        private static boolean mappable(Integer value) {
            return value == null || value >= 1 && value <= 10_000;
        }
    }

    /**
     * One budget of a direction's {@code policies}: within any {@code periodMs}, change the count by at
     * most {@code value} instances ({@code Pods}) or {@code value} percent of the count at the period's
     * start ({@code Percent}).
     */
    @RegisterForReflection
    public record RatePolicy(String type, Integer value, Long periodMs) {
        public static final String PODS = "Pods";
        public static final String PERCENT = "Percent";

        public static RatePolicy pods(int value, long periodMs) {
            return new RatePolicy(PODS, value, periodMs);
        }

        public static RatePolicy percent(int value, long periodMs) {
            return new RatePolicy(PERCENT, value, periodMs);
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

    /**
     * Where Swarm may place the pool's instances (placement {@code swarm}; one Docker engine ignores it):
     * Swarm's constraints, e.g. {@code node.labels.zone==a}, all of which a node must meet, and its spread
     * preferences, e.g. {@code spread=node.labels.zone}, in order.
     */
    @RegisterForReflection
    public record Placement(List<String> constraints, List<String> preferences) {
        public static final Placement NONE = new Placement(null, null);

        public Placement {
            constraints = Fields.listOrEmpty(constraints);
            preferences = Fields.listOrEmpty(preferences);
        }

        public boolean anywhere() {
            return constraints.isEmpty() && preferences.isEmpty();
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
