package io.autoscaler.metricscollector.core;

import java.util.Optional;

import io.autoscaler.events.validation.Rules;

/**
 * The node a collector speaks for ({@code autoscaler.collector.node}), checked with the rule every
 * reader applies to {@code CpuSnapshot.node}: a name the readers would refuse would get every snapshot
 * dead-lettered, so it stops the start instead.
 */
public final class NodeSetting {
    private NodeSetting() {
    }

    /** The node's name, or null when none is set (the only collector, of one Docker engine). */
    public static String checked(Optional<String> setting) {
        setting.filter(n -> !Rules.NODE.matcher(n).matches()).ifPresent(n -> {
            throw new IllegalArgumentException(
                    "autoscaler.collector.node must be " + Rules.NODE_RULE + ", not '" + n + "'");
        });
        return setting.orElse(null);
    }
}
