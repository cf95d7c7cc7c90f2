package io.autoscaler.provisioner.docker;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import io.autoscaler.events.PoolSpec;

/**
 * What the provisioner's loop asks of the container engine: {@link DockerEngine} (one engine, an instance is a
 * container) or {@link SwarmEngine} (a Swarm cluster, an instance is a single-replica service); the id the
 * calls take is the container's or the service's. Every call may throw when the engine does not answer.
 */
public interface ContainerEngine {
    /**
     * Whether a call failed because the engine did not answer at all (no socket, no response: it stops,
     * restarts or is gone), as opposed to an answer that refused the call.
     */
    static boolean unreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Creates (does not start) the instance's container and returns its id; a missing image is pulled
     * once, and the engine's words are kept if that fails.
     */
    String create(PoolSpec spec, String instanceId);

    void start(String containerId);

    /** The container's address on {@code network}. */
    Optional<String> ipOn(String containerId, String network);

    /** SIGTERM, SIGKILL after {@code grace}; a container already stopped or gone, or not ours, is fine. */
    void stop(String containerId, Duration grace);

    /** Removes the container; gone already, or not ours, is fine. */
    void remove(String containerId);

    /** Every container of this stack, running or not. */
    List<ManagedContainer> listManaged();

    /** Calls {@code onChange} when one of this stack's containers dies or goes; {@code onEnd} when the stream ends. */
    Closeable followEvents(Consumer<String> onChange, Consumer<Throwable> onEnd);

    /** Releases the connection to the engine. */
    void close();
}
