package io.autoscaler.events;

import java.util.Optional;

/**
 * How an instance is named everywhere: the container and its HAProxy server are both
 * {@code <pool>-<instanceId>}, and the container carries the labels below. The collector, the
 * provisioner and the configurator find each other's objects by these names alone.
 */
public final class Naming {
    /** Set on every container the provisioner creates; nothing without it is ever touched. */
    public static final String LABEL_MANAGED = "io.autoscaler.managed";
    /**
     * The stack id ({@code autoscaler.stack-id}) of the provisioner that created the container: two stacks
     * on one Docker engine list, adopt, stop and remove only their own containers.
     */
    public static final String LABEL_STACK = "io.autoscaler.stack";
    public static final String LABEL_POOL = "io.autoscaler.pool";
    public static final String LABEL_INSTANCE = "io.autoscaler.instance";
    /** A digest of what the container was launched from; a pool change to it rolls the pool. */
    public static final String LABEL_TEMPLATE = "io.autoscaler.template";

    private Naming() {
    }

    /** The container name and the HAProxy server name of an instance. */
    public static String serverName(String pool, String instanceId) {
        return pool + "-" + instanceId;
    }

    /** The instance behind a server name of this pool, or empty for a server we did not name. */
    public static Optional<String> instanceId(String pool, String serverName) {
        String prefix = pool + "-";
        if (serverName == null || !serverName.startsWith(prefix) || serverName.length() == prefix.length()) {
            return Optional.empty();
        }
        return Optional.of(serverName.substring(prefix.length()));
    }
}
