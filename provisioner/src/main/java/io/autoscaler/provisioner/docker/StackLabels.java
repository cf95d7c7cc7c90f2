package io.autoscaler.provisioner.docker;

import java.util.Map;

import org.jboss.logging.Logger;

import io.autoscaler.events.Naming;

/**
 * The labels that make a container or Swarm service this stack's: what the engines filter by, and the
 * check before touching anything by id, so a foreign container or service is never stopped or removed.
 */
record StackLabels(String stackId, Map<String, String> labels) {
    private static final Logger LOG = Logger.getLogger(StackLabels.class);

    StackLabels(String stackId) {
        this(stackId, Map.of(Naming.LABEL_MANAGED, "true", Naming.LABEL_STACK, stackId));
    }

    /** True when {@code found} (the labels of the {@code kind} {@code id}) carry ours; logs the refusal when not. */
    boolean carriedBy(String kind, String id, Map<String, String> found) {
        boolean mine = found != null && found.entrySet().containsAll(labels.entrySet());
        if (!mine) {
            LOG.warnf("Refusing to touch %s %s: it does not carry %s=true and %s=%s", kind, id, Naming.LABEL_MANAGED,
                    Naming.LABEL_STACK, stackId);
        }
        return mine;
    }
}
