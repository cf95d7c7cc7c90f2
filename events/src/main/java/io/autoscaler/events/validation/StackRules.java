package io.autoscaler.events.validation;

import java.util.List;

/**
 * The operator's settings every record is checked against, the same in all four services and the
 * API: which images pools may run, the replica cap, the data-plane networks pool containers may join
 * (never the control network), and whether a pool may run without CPU or memory limits.
 */
public record StackRules(ImageAllowList allowedImages, int maxReplicasCap, List<String> poolNetworks,
        String controlNetwork, boolean unlimitedResourcesAllowed) {

    /** The stack's defaults, as in service-kit's {@code microprofile-config.properties}. */
    public static final StackRules DEFAULT = new StackRules(new ImageAllowList(List.of("autoscaler/*")), 50,
            List.of("autoscaler-data"), "autoscaler-control", false);

    public StackRules {
        poolNetworks = List.copyOf(poolNetworks);
    }

    public StackRules withMaxReplicasCap(int cap) {
        return new StackRules(allowedImages, cap, poolNetworks, controlNetwork, unlimitedResourcesAllowed);
    }

    public StackRules allowingUnlimitedResources() {
        return new StackRules(allowedImages, maxReplicasCap, poolNetworks, controlNetwork, true);
    }
}
