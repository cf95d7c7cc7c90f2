package io.autoscaler.provisioner.docker;

import java.time.Instant;

/** A container carrying our labels, as Docker lists it. */
public record ManagedContainer(String containerId, String pool, String instanceId, String template, String state,
        Instant created) {
    public boolean running() {
        return "running".equals(state);
    }
}
