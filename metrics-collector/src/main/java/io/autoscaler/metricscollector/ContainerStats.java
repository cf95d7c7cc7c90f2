package io.autoscaler.metricscollector;

import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;

import io.autoscaler.events.Naming;
import io.autoscaler.metricscollector.core.CpuUsage;
import io.autoscaler.metricscollector.core.InstanceReading;

/**
 * CPU and memory of the running managed containers of this stack, read from Docker with read-only calls only:
 * list, inspect (for the CPU limit, once per container) and streaming stats. Keeps one stats stream
 * per followed container and closes it when the container is gone.
 */
@ApplicationScoped
public class ContainerStats {
    private static final Logger LOG = Logger.getLogger(ContainerStats.class);

    private final DockerClient docker;
    private final String dockerHost;
    /** Changed by the tick thread only (the scheduler never runs two ticks at once). */
    private final Map<String, StatsStream> streams = new ConcurrentHashMap<>();
    private final ExecutorService opener = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "stats-stream-opener");
        t.setDaemon(true);
        return t;
    });

    private final String stackId;

    ContainerStats(@ConfigProperty(name = "autoscaler.docker.host") String dockerHost,
            @ConfigProperty(name = "autoscaler.docker.max-connections", defaultValue = "512") int maxConnections,
            @ConfigProperty(name = "autoscaler.stack-id") String stackId) {
        this.dockerHost = dockerHost;
        this.stackId = stackId;
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(dockerHost).build();
        var http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                // every followed container holds one connection for its stats stream
                .maxConnections(maxConnections)
                .connectionTimeout(Duration.ofSeconds(1))
                // frames arrive every second: a longer silence means Docker is stuck
                .responseTimeout(Duration.ofSeconds(5))
                .build();
        this.docker = DockerClientImpl.getInstance(config, http);
    }

    public String dockerHost() {
        return dockerHost;
    }

    /**
     * The latest reading of every running managed container of {@code pools}; a container not yet
     * measured twice is left out. Throws when Docker does not answer the listing.
     */
    public List<InstanceReading> read(Set<String> pools) {
        List<Container> running = docker.listContainersCmd()
                .withLabelFilter(Map.of(Naming.LABEL_MANAGED, "true", Naming.LABEL_STACK, stackId))
                .withStatusFilter(List.of("running"))
                .exec()
                .stream()
                .filter(c -> c.getLabels() != null && pools.contains(c.getLabels().get(Naming.LABEL_POOL))
                        && c.getLabels().get(Naming.LABEL_INSTANCE) != null)
                .toList();
        follow(running);
        List<InstanceReading> readings = new ArrayList<>(running.size());
        for (Container c : running) {
            Optional.ofNullable(streams.get(c.getId())).flatMap(StatsStream::reading).ifPresent(readings::add);
        }
        return readings;
    }

    /** Opens a stream for each new container, reopens dead ones, and closes those of containers gone. */
    private void follow(List<Container> running) {
        long now = System.nanoTime();
        Set<String> ids = new HashSet<>();
        for (Container c : running) {
            ids.add(c.getId());
            StatsStream stream = streams.get(c.getId());
            if (stream != null && stream.dead(now)) {
                stream.closeQuietly();
                streams.remove(c.getId());
                stream = null;
            }
            if (stream == null) {
                streams.put(c.getId(), open(c));
            }
        }
        streams.values().removeIf(s -> {
            if (ids.contains(s.containerId)) {
                return false;
            }
            s.closeQuietly();
            LOG.infof("Pool %s instance %s: stopped reading stats of container %s (no longer running, or its pool"
                    + " is gone)", s.pool, s.instanceId, shortId(s.containerId));
            return true;
        });
    }

    /**
     * A stream for a container, opened beside the tick: inspecting 30 new containers one after the
     * other takes seconds, and a new stream gives no reading before its second frame anyway.
     */
    private StatsStream open(Container c) {
        String pool = c.getLabels().get(Naming.LABEL_POOL);
        String instance = c.getLabels().get(Naming.LABEL_INSTANCE);
        StatsStream stream = new StatsStream(pool, instance, c.getId());
        opener.execute(() -> {
            try {
                HostConfig host = docker.inspectContainerCmd(c.getId()).exec().getHostConfig();
                double limit = host == null ? 0
                        : CpuUsage.limitCpus(host.getNanoCPUs(), host.getCpuQuota(), host.getCpuPeriod());
                stream.limitCpus(limit);
                docker.statsCmd(c.getId()).exec(stream);
                LOG.infof("Pool %s instance %s: reading stats of container %s (CPU limit %s)", pool, instance,
                        shortId(c.getId()), limit > 0 ? limit + " CPUs" : "none, percent of one core");
            } catch (NotFoundException e) {
                // removed between the listing and now: nothing to read
                stream.closeQuietly();
            } catch (RuntimeException e) {
                // Docker went away meanwhile; the next tick that lists the container opens a new stream
                LOG.debugf("Pool %s instance %s: cannot open stats of %s: %s", pool, instance, shortId(c.getId()), e);
                stream.closeQuietly();
            }
        });
        return stream;
    }

    /** Containers currently followed, for tests and the benchmark. */
    public int followed() {
        return streams.size();
    }

    @PreDestroy
    void close() {
        opener.shutdownNow();
        streams.values().forEach(StatsStream::closeQuietly);
        streams.clear();
        try {
            docker.close();
        } catch (Exception e) {
            LOG.debugf("Closing the Docker client: %s", e);
        }
    }

    private static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }
}
