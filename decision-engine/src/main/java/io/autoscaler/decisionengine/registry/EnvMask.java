package io.autoscaler.decisionengine.registry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.autoscaler.events.PoolSpec;
import io.autoscaler.events.validation.Violation;

/**
 * Env values may be secrets: reads show each key with {@link #MASK} for its value. A write that sends
 * the mask back for a key keeps the stored value of that key, so GET → edit → PUT works; any other
 * value replaces it.
 */
final class EnvMask {
    static final String MASK = "***";

    private EnvMask() {
    }

    /** The spec as reads show it: env keys kept, values masked. */
    static PoolSpec masked(PoolSpec spec) {
        Map<String, String> env = new TreeMap<>();
        spec.env().keySet().forEach(key -> env.put(key, MASK));
        return withEnv(spec, env);
    }

    /** {@code given} with each masked value replaced by the stored one; a mask with nothing stored is a violation. */
    static PoolSpec unmasked(PoolSpec given, Optional<PoolSpec> stored, List<Violation> violations) {
        Map<String, String> kept = stored.map(PoolSpec::env).orElse(Map.of());
        Map<String, String> env = new LinkedHashMap<>();
        given.env().forEach((key, value) -> {
            if (!MASK.equals(value)) {
                env.put(key, value);
            } else if (kept.containsKey(key)) {
                env.put(key, kept.get(key));
            } else {
                violations.add(new Violation("env." + key, "'" + MASK + "' stands for the stored value, and this pool "
                        + "has none for " + key + ": send the value itself"));
            }
        });
        return withEnv(given, env);
    }

    private static PoolSpec withEnv(PoolSpec s, Map<String, String> env) {
        return new PoolSpec(s.name(), s.image(), s.port(), env, s.network(), s.haproxyBackend(), s.minReplicas(),
                s.maxReplicas(), s.healthCheck(), s.policy(), s.drain(), s.resources(), s.dryRun(), s.timestamp(),
                s.route(), s.balance(), s.stickiness(), s.maxConnPerInstance(), s.slowStartMs(), s.schedule());
    }
}
