package io.autoscaler.provisioner.docker;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where instances run: {@code autoscaler.provisioner.placement}. */
public enum Placement {
    /** On the one Docker engine at {@code docker.host}: one container per instance. */
    ENGINE,
    /** On a Swarm cluster whose manager is at {@code docker.host}: one single-replica service per instance. */
    SWARM;

    public static Placement parse(String setting) {
        String value = setting == null ? "" : setting.trim();
        for (Placement p : values()) {
            if (p.name().toLowerCase(Locale.ROOT).equals(value)) {
                return p;
            }
        }
        throw new IllegalArgumentException("autoscaler.provisioner.placement must be one of "
                + Arrays.stream(values()).map(p -> p.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "))
                + ", not '" + setting + "'");
    }
}
