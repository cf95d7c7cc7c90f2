package io.autoscaler.events.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.autoscaler.events.Metrics;
import io.autoscaler.events.PoolSpec;

/**
 * Every rule a pool spec must keep, each broken rule reported with its field, so an API caller can
 * fix them all at once. The replica cap and the image allow-list are the operator's settings.
 */
public final class PoolSpecValidator {
    /** Lower-case DNS label: usable in container names, HAProxy server names and URLs. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern IMAGE = Pattern.compile(
            "[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(/[a-z0-9]+([._-]+[a-z0-9]+)*)*(:[\\w][\\w.-]{0,127})?(@sha256:[a-f0-9]{64})?");
    private static final Pattern HAPROXY_ID = Pattern.compile("[A-Za-z0-9_.:-]+");
    private static final Pattern NETWORK = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final long ONE_DAY_MS = 86_400_000L;

    private final int maxReplicasCap;
    private final ImageAllowList allowedImages;

    public PoolSpecValidator(int maxReplicasCap, ImageAllowList allowedImages) {
        this.maxReplicasCap = maxReplicasCap;
        this.allowedImages = allowedImages;
    }

    public List<Violation> validate(PoolSpec spec) {
        Checks c = new Checks();
        if (spec == null) {
            c.fail("", "a pool spec is required");
            return c.violations;
        }
        c.matches("name", spec.name(), NAME, "a lower-case DNS label: a-z, 0-9 and '-', at most 63 characters");
        image(c, spec.image());
        c.range("port", spec.port(), 1, 65535);
        c.matches("network", spec.network(), NETWORK, "a Docker network name");
        if (spec.haproxyBackend() != null && !spec.haproxyBackend().equals(spec.name())) {
            // when defaulted from the name, the name's own rule already covers it
            c.matches("haproxyBackend", spec.haproxyBackend(), HAPROXY_ID,
                    "an HAProxy backend name: letters, digits, '_', '.', ':' and '-'");
        }
        for (Map.Entry<String, String> e : spec.env().entrySet()) {
            if (!ENV_NAME.matcher(e.getKey()).matches()) {
                c.fail("env." + e.getKey(), "not a valid environment variable name");
            }
            if (e.getValue() == null) {
                c.fail("env." + e.getKey(), "must have a value");
            }
        }
        replicas(c, spec.minReplicas(), spec.maxReplicas());
        healthCheck(c, spec.healthCheck());
        policy(c, spec.policy());
        c.range("drain.timeoutMs", spec.drain().timeoutMs(), 0, ONE_DAY_MS);
        c.range("resources.cpus", spec.resources().cpus(), 0.0, 1024.0);
        if (spec.resources().memoryMb() != 0) {
            c.range("resources.memoryMb", spec.resources().memoryMb(), 6, 1024 * 1024);
        }
        return c.violations;
    }

    private void image(Checks c, String image) {
        if (c.present("image", image)) {
            if (!IMAGE.matcher(image).matches()) {
                c.fail("image", "not a valid image reference");
            } else if (!allowedImages.allows(image)) {
                c.fail("image", "not in the allowed images " + allowedImages.patterns());
            }
        }
    }

    private void replicas(Checks c, int min, int max) {
        if (min < 0) {
            c.fail("minReplicas", "must be at least 0");
        }
        if (max < min) {
            c.fail("maxReplicas", "must be at least minReplicas (" + min + ")");
        }
        if (max > maxReplicasCap) {
            c.fail("maxReplicas", "must be at most " + maxReplicasCap + " (the configured cap)");
        }
    }

    private static void healthCheck(Checks c, PoolSpec.HealthCheck h) {
        if (c.present("healthCheck.path", h.path()) && !h.path().startsWith("/")) {
            c.fail("healthCheck.path", "must start with '/'");
        }
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
            case PoolSpec.Policy.STEP -> {
                if (p.steps().isEmpty()) {
                    c.fail("policy.steps", "a step policy needs at least one step");
                }
                for (int i = 0; i < p.steps().size(); i++) {
                    step(c, "policy.steps[" + i + "]", p.steps().get(i));
                }
            }
            default -> c.fail("policy.type", "must be '" + PoolSpec.Policy.TARGET_TRACKING + "' or '"
                    + PoolSpec.Policy.STEP + "'");
        }
        c.range("policy.tolerance", p.tolerance(), 0.0, 0.99);
        rules(c, "policy.scaleUp", p.scaleUp());
        rules(c, "policy.scaleDown", p.scaleDown());
        c.range("policy.warmupMs", p.warmupMs(), 0, ONE_DAY_MS);
    }

    private static void step(Checks c, String field, PoolSpec.Step s) {
        if (s == null) {
            c.fail(field, "must not be null");
            return;
        }
        metricName(c, field + ".metric", s.metric());
        if (s.from() == null && s.to() == null) {
            c.fail(field, "needs 'from', 'to' or both");
        }
        if (s.from() != null && s.to() != null && !(s.from() < s.to())) {
            c.fail(field + ".to", "must be greater than 'from'");
        }
        if (s.change() == null || s.change() == 0) {
            c.fail(field + ".change", "must be a non-zero number of instances");
        }
    }

    private static void rules(Checks c, String field, PoolSpec.Rules r) {
        c.range(field + ".stabilizationMs", r.stabilizationMs(), 0, ONE_DAY_MS);
        c.range(field + ".maxStepInstances", r.maxStepInstances(), 1, 10_000);
        c.range(field + ".maxStepPercent", r.maxStepPercent(), 1, 10_000);
        c.range(field + ".cooldownMs", r.cooldownMs(), 0, ONE_DAY_MS);
    }

    private static void metricName(Checks c, String field, String name) {
        if (c.present(field, name) && !Metrics.ALL.contains(name)) {
            c.fail(field, "unknown metric '" + name + "'; known: " + Metrics.ALL.stream().sorted().toList());
        }
    }

    /** Collects violations; each check reports at most one per field. */
    private static final class Checks {
        final List<Violation> violations = new ArrayList<>();

        void fail(String field, String reason) {
            violations.add(new Violation(field, reason));
        }

        boolean present(String field, String value) {
            if (value == null || value.isBlank()) {
                fail(field, "is required");
                return false;
            }
            return true;
        }

        void matches(String field, String value, Pattern pattern, String expected) {
            if (present(field, value) && !pattern.matcher(value).matches()) {
                fail(field, "must be " + expected);
            }
        }

        void range(String field, long value, long min, long max) {
            if (value < min || value > max) {
                fail(field, "must be between " + min + " and " + max + ", was " + value);
            }
        }

        void range(String field, double value, double min, double max) {
            if (!(value >= min && value <= max)) {
                fail(field, "must be between " + min + " and " + max + ", was " + value);
            }
        }
    }
}
