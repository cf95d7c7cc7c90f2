package io.autoscaler.provisioner.docker;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;


import org.jboss.logging.Logger;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.HostConfig;

import io.autoscaler.events.Naming;
import io.autoscaler.events.PoolSpec;

/**
 * The provisioner's door to one Docker engine (placement {@code engine}). Everything it changes must carry
 * {@code io.autoscaler.managed=true} and this stack's {@code io.autoscaler.stack} id: stop and remove check
 * the labels first, so a foreign container (another stack's included) is never touched even if a caller
 * names it.
 */
public class DockerEngine implements ContainerEngine {
    private static final Logger LOG = Logger.getLogger(DockerEngine.class);
    /** No PoolSpec field can ask for more than this; NET_RAW would let one app spoof ARP on the data network. */
    private static final Capability[] DROPPED = { Capability.NET_RAW };

    private final DockerClient docker;
    private final String stackId;
    private final StackLabels ours;

    public DockerEngine(String host, String stackId) {
        this.stackId = stackId;
        this.ours = new StackLabels(stackId);
        this.docker = Connection.to(host).docker();
    }

    /**
     * Creates the instance's container (not started): labels, image, env, network, limits, name. Nothing
     * else reaches the host config: never privileged, no added capabilities, mounts, devices or host
     * namespaces, and no-new-privileges so that a setuid binary in the image cannot gain any. A missing
     * image is pulled once; Docker's words are kept if that fails.
     */
    @Override
    public String create(PoolSpec spec, String instanceId) {
        try {
            return createOnly(spec, instanceId);
        } catch (NotFoundException missing) {
            if (!String.valueOf(missing.getMessage()).toLowerCase().contains("no such image")) {
                throw missing;
            }
            String pullFailure = pull(spec.image()).orElse(null);
            if (pullFailure != null) {
                throw new IllegalStateException(missing.getMessage().trim() + "; pull failed: " + pullFailure.trim());
            }
            return createOnly(spec, instanceId);
        }
    }

    private String createOnly(PoolSpec spec, String instanceId) {
        HostConfig host = HostConfig.newHostConfig().withNetworkMode(spec.network()).withPrivileged(false)
                .withCapDrop(DROPPED).withSecurityOpts(List.of("no-new-privileges"));
        if (spec.resources().cpus() > 0) {
            host.withNanoCPUs(Math.round(spec.resources().cpus() * 1e9));
        }
        if (spec.resources().memoryMb() > 0) {
            host.withMemory(spec.resources().memoryMb() * 1024L * 1024L);
        }
        return docker.createContainerCmd(spec.image())
                .withName(Naming.serverName(spec.name(), instanceId))
                .withLabels(InstanceSpec.labels(spec, instanceId, stackId))
                .withEnv(InstanceSpec.env(spec))
                .withHostConfig(host)
                .exec().getId();
    }

    /** Tries to pull a missing image; Docker's message when it cannot. */
    private Optional<String> pull(String image) {
        try {
            docker.pullImageCmd(image).start().awaitCompletion(2, TimeUnit.MINUTES);
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while pulling " + image);
        } catch (RuntimeException e) {
            return Optional.of(e.getMessage());
        }
    }

    @Override
    public void start(String containerId) {
        docker.startContainerCmd(containerId).exec();
    }

    /** The container's address on the pool's network, where HAProxy and the readiness probe reach it. */
    @Override
    public Optional<String> ipOn(String containerId, String network) {
        Map<String, ContainerNetwork> networks = docker.inspectContainerCmd(containerId).exec().getNetworkSettings()
                .getNetworks();
        return Optional.ofNullable(networks == null ? null : networks.get(network))
                .map(ContainerNetwork::getIpAddress).filter(ip -> !ip.isBlank());
    }

    /** SIGTERM, then SIGKILL after {@code grace}; a container already stopped or gone is fine. */
    @Override
    public void stop(String containerId, Duration grace) {
        if (!managed(containerId)) {
            return;
        }
        try {
            docker.stopContainerCmd(containerId).withTimeout((int) grace.toSeconds()).exec();
        } catch (NotModifiedException | NotFoundException e) {
            LOG.debugf("Container %s already stopped: %s", containerId, e.getMessage());
        }
    }

    /** Removes the container (forced: it may still run after a failed start); gone already is fine. */
    @Override
    public void remove(String containerId) {
        if (!managed(containerId)) {
            return;
        }
        try {
            docker.removeContainerCmd(containerId).withForce(true).exec();
        } catch (NotFoundException e) {
            LOG.debugf("Container %s already removed", containerId);
        }
    }

    /** Every container carrying our labels and stack id, running or not. */
    @Override
    public List<ManagedContainer> listManaged() {
        return docker.listContainersCmd().withShowAll(true).withLabelFilter(ours.labels()).exec().stream()
                .map(c -> new ManagedContainer(c.getId(), c.getLabels().get(Naming.LABEL_POOL),
                        c.getLabels().get(Naming.LABEL_INSTANCE), c.getLabels().get(Naming.LABEL_TEMPLATE), c.getState(),
                        c.getCreated() == null ? null : Instant.ofEpochSecond(c.getCreated())))
                .filter(c -> c.pool() != null && c.instanceId() != null)
                .toList();
    }

    /**
     * Calls {@code onChange} with the container id whenever one of this stack's containers dies, stops or goes
     * away. The stream ends when Docker goes away; {@code onEnd} then says so, for the caller to follow again.
     */
    @Override
    public Closeable followEvents(Consumer<String> onChange, Consumer<Throwable> onEnd) {
        return docker.eventsCmd().withLabelFilter(ours.labels()).withEventFilter("die", "stop", "destroy", "oom")
                .exec(new ResultCallback.Adapter<Event>() {
                    @Override
                    public void onNext(Event event) {
                        onChange.accept(event.getId());
                    }

                    @Override
                    public void onError(Throwable throwable) {
                        onEnd.accept(throwable);
                    }

                    @Override
                    public void onComplete() {
                        onEnd.accept(null);
                    }
                });
    }

    /** True only for a container carrying our labels and stack id; a foreign or vanished one is left alone. */
    private boolean managed(String containerId) {
        try {
            return ours.carriedBy("container", containerId,
                    docker.inspectContainerCmd(containerId).exec().getConfig().getLabels());
        } catch (NotFoundException e) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            docker.close();
        } catch (IOException e) {
            LOG.debugf("Closing the Docker client: %s", e);
        }
    }
}
