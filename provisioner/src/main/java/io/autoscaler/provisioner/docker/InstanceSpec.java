package io.autoscaler.provisioner.docker;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.autoscaler.events.Naming;
import io.autoscaler.events.PoolSpec;
import io.autoscaler.provisioner.core.Template;

/** What every instance carries whatever the placement: its labels and its environment. */
final class InstanceSpec {
    private InstanceSpec() {
    }

    /** Ours, this stack's, the pool's, the instance's and the template's: how lists and adoption find it. */
    static Map<String, String> labels(PoolSpec spec, String instanceId, String stackId) {
        return Map.of(Naming.LABEL_MANAGED, "true", Naming.LABEL_STACK, stackId, Naming.LABEL_POOL, spec.name(),
                Naming.LABEL_INSTANCE, instanceId, Naming.LABEL_TEMPLATE, Template.of(spec));
    }

    /** Apps that read PORT (the demo app does) listen where the pool says; the spec's env may override. */
    static List<String> env(PoolSpec spec) {
        List<String> env = new ArrayList<>();
        if (!spec.env().containsKey("PORT")) {
            env.add("PORT=" + spec.port());
        }
        spec.env().forEach((k, v) -> env.add(k + "=" + v));
        return env;
    }
}
