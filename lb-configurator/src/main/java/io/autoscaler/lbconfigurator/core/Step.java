package io.autoscaler.lbconfigurator.core;

/** One thing to do to a backend so it matches the pool's membership. */
public sealed interface Step {
    String instanceId();

    String server();

    /** A RUNNING instance has no server: add it, DOWN until its checks pass. */
    record Add(String instanceId, String server, String address, int port) implements Step {
    }

    /**
     * A RUNNING instance's server is in maintenance (an add that stopped half-way) or draining (the
     * instance was kept after all): release it, DOWN until its checks pass.
     */
    record Release(String instanceId, String server) implements Step {
    }

    /** The instance moved (same id, new address): point its server there. */
    record Readdress(String instanceId, String server, String address, int port) implements Step {
    }

    /** Stop sending new requests to the server; in-flight ones finish. */
    record StartDrain(String instanceId, String server, String reason) implements Step {
    }

    /**
     * The drained server has finished its requests (or the drain timed out with {@code sessions}
     * left): maintenance, delete, then DRAINED and REMOVED.
     */
    record Remove(String instanceId, String server, int sessions, boolean timedOut) implements Step {
    }

    /** A DRAINING instance has no server (never added, or already deleted): it is drained. */
    record ReportDrained(String instanceId, String server) implements Step {
    }
}
