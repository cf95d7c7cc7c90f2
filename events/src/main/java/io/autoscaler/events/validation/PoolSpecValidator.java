package io.autoscaler.events.validation;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.autoscaler.events.Metrics;
import io.autoscaler.events.PoolSpec;

/**
 * Every rule a pool spec must keep, each broken rule reported with its field, so an API caller can
 * fix them all at once. The API and every service reading {@code autoscaler.pools} apply the same
 * rules; image allow-list, replica cap, networks and unlimited resources are the operator's
 * {@link StackRules}, and the fields HAProxy gets (route, balance, health path ...) {@link LoadBalancerRules}.
 */
public final class PoolSpecValidator {
    private static final Pattern IMAGE = Pattern.compile(
            "[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(/[a-z0-9]+([._-]+[a-z0-9]+)*)*(:[\\w][\\w.-]{0,127})?(@sha256:[a-f0-9]{64})?");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,255}");
    /** Docker's own networks and modes: never a pool's, whatever the configured list says. */
    private static final Set<String> RESERVED_NETWORKS = Set.of("host", "none", "bridge", "default");
    private static final int MAX_IMAGE = 255;
    private static final int MAX_ENV_ENTRIES = 100;
    private static final int MAX_ENV_VALUE = 4096;
    private static final long ONE_DAY_MS = 86_400_000L;

    private final StackRules rules;

    public PoolSpecValidator(StackRules rules) {
        this.rules = rules;
    }

    /**
     * The spec as read from a record under {@code key}: its name must be the key, beside every rule of
     * {@link #validate(PoolSpec)}.
     */
    public List<Violation> validate(String key, PoolSpec spec) {
        List<Violation> violations = validate(spec);
        if (spec != null && key != null && !key.equals(spec.name())) {
            violations.add(0, new Violation("name", "must equal the record key ('" + key + "')"));
        }
        return violations;
    }

    public List<Violation> validate(PoolSpec spec) {
        Checks c = new Checks();
        if (spec == null) {
            c.fail("", "a pool spec is required");
            return c.violations;
        }
        c.matches("name", spec.name(), Rules.NAME, Rules.NAME_RULE);
        image(c, spec.image());
        c.range("port", spec.port(), 1, 65535);
        network(c, spec.network());
        if (spec.haproxyBackend() != null && !spec.haproxyBackend().equals(spec.name())) {
            // when defaulted from the name, the name's own rule already covers it
            c.matches("haproxyBackend", spec.haproxyBackend(), Rules.HAPROXY_NAME,
                    "an HAProxy backend name: " + Rules.HAPROXY_NAME_RULE);
        }
        env(c, spec.env());
        replicas(c, spec.minReplicas(), spec.maxReplicas());
        healthCheck(c, spec.healthCheck());
        policy(c, spec.policy());
        c.range("drain.timeoutMs", spec.drain().timeoutMs(), 0, ONE_DAY_MS);
        ScheduleRules.check(c, spec.schedule(), rules.maxReplicasCap());
        resources(c, spec.resources());
        PlacementRules.check(c, spec.placement());
        LoadBalancerRules.check(c, spec);
        return c.violations;
    }

    private void image(Checks c, String image) {
        if (c.present("image", image)) {
            if (image.length() > MAX_IMAGE || !IMAGE.matcher(image).matches()) {
                c.fail("image", "not a valid image reference");
            } else if (!rules.allowedImages().allows(image)) {
                c.fail("image", "not in the allowed images " + rules.allowedImages().patterns());
            }
        }
    }

    private void network(Checks c, String network) {
        if (!c.present("network", network)) {
            return;
        }
        if (network.equals(rules.controlNetwork())) {
            c.fail("network", "must not be the control network '" + network + "'; one of " + rules.poolNetworks());
        } else if (RESERVED_NETWORKS.contains(network) || network.startsWith("container:")) {
            c.fail("network", "must not be Docker's '" + network + "'; one of " + rules.poolNetworks());
        } else if (!rules.poolNetworks().contains(network)) {
            c.fail("network", "must be one of the stack's pool networks " + rules.poolNetworks());
        }
    }

    private static void env(Checks c, Map<String, String> env) {
        if (env.size() > MAX_ENV_ENTRIES) {
            c.fail("env", "must have at most " + MAX_ENV_ENTRIES + " variables, has " + env.size());
            return;
        }
        for (Map.Entry<String, String> e : env.entrySet()) {
            String field = "env." + (e.getKey().length() > 64 ? e.getKey().substring(0, 64) + "..." : e.getKey());
            if (!ENV_NAME.matcher(e.getKey()).matches()) {
                c.fail(field, "not a valid environment variable name");
            } else if (e.getValue() == null) {
                c.fail(field, "must have a value");
            } else if (e.getValue().length() > MAX_ENV_VALUE) {
                c.fail(field, "must be at most " + MAX_ENV_VALUE + " characters");
            } else if (e.getValue().indexOf('\0') >= 0) {
                c.fail(field, "must not contain a NUL character");
            }
        }
    }

    private void resources(Checks c, PoolSpec.Resources r) {
        String unlimited = "0 (unlimited) is not allowed on this stack (autoscaler.resources.unlimited-allowed)";
        if (r.cpus() == 0 && !rules.unlimitedResourcesAllowed()) {
            c.fail("resources.cpus", unlimited);
        } else {
            c.range("resources.cpus", r.cpus(), 0.0, 1024.0);
        }
        if (r.memoryMb() == 0) {
            if (!rules.unlimitedResourcesAllowed()) {
                c.fail("resources.memoryMb", unlimited);
            }
        } else {
            c.range("resources.memoryMb", r.memoryMb(), 6, 1024 * 1024);
        }
    }

    private void replicas(Checks c, int min, int max) {
        if (min < 0) {
            c.fail("minReplicas", "must be at least 0");
        }
        if (max < min) {
            c.fail("maxReplicas", "must be at least minReplicas (" + min + ")");
        }
        if (max > rules.maxReplicasCap()) {
            c.fail("maxReplicas", "must be at most " + rules.maxReplicasCap() + " (the configured cap)");
        }
    }

    private static void healthCheck(Checks c, PoolSpec.HealthCheck h) {
        LoadBalancerRules.healthPath(c, h.path());
        c.range("healthCheck.intervalMs", h.intervalMs(), 100, 3_600_000);
        c.range("healthCheck.rise", h.rise(), 1, 100);
        c.range("healthCheck.fall", h.fall(), 1, 100);
        c.range("healthCheck.graceMs", h.graceMs(), 0, ONE_DAY_MS);
        c.range("healthCheck.replaceAfterMs", h.replaceAfterMs(), 0, ONE_DAY_MS);
    }

    private static void policy(Checks c, PoolSpec.Policy p) {
        switch (p.type()) {
            case PoolSpec.Policy.TARGET_TRACKING -> {
                if (p.metrics().isEmpty()) {
                    c.fail("policy.metrics", "a target-tracking policy needs at least one metric");
                }
                for (int i = 0; i < p.metrics().size(); i++) {
                    PoolSpec.MetricTarget m = p.metrics().get(i);
                    String field = "policy.metrics[" + i + "]";
                    if (m == null) {
                        c.fail(field, "must not be null");
                        continue;
                    }
                    metricName(c, field + ".name", m.name());
                    if (m.target() == null || !(m.target() > 0) || m.target().isInfinite()) {
                        c.fail(field + ".target", "must be a positive number");
                    }
                }
            }
            case PoolSpec.Policy.STEP -> StepRules.check(c, p);
            default -> c.fail("policy.type", "must be '" + PoolSpec.Policy.TARGET_TRACKING + "' or '"
                    + PoolSpec.Policy.STEP + "'");
        }
        c.range("policy.tolerance", p.tolerance(), 0.0, 0.99);
        ScalingRules.check(c, "policy.scaleUp", p.scaleUp(), p.tolerance());
        ScalingRules.check(c, "policy.scaleDown", p.scaleDown(), p.tolerance());
        c.range("policy.warmupMs", p.warmupMs(), 0, ONE_DAY_MS);
    }

    static void metricName(Checks c, String field, String name) {
        if (c.present(field, name) && !Metrics.ALL.contains(name)) {
            c.fail(field, "unknown metric '" + name + "'; known: " + Metrics.ALL.stream().sorted().toList());
        }
    }
}
