package io.autoscaler.provisioner.docker;

import java.time.Duration;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** The engine the placement setting names, made once at start: a setting that names none stops the start. */
@Singleton
public class Engines {
    private static final Logger LOG = Logger.getLogger(Engines.class);

    @Produces
    @Singleton
    ContainerEngine engine(
            @ConfigProperty(name = "autoscaler.provisioner.placement", defaultValue = "engine") String placement,
            @ConfigProperty(name = "docker.host", defaultValue = "unix:///var/run/docker.sock") String host,
            @ConfigProperty(name = "autoscaler.stack-id") String stackId,
            @ConfigProperty(name = "autoscaler.provisioner.stop-grace", defaultValue = "10s") Duration stopGrace) {
        Placement chosen = Placement.parse(placement);
        LOG.infof("Placement %s: instances run on %s", placement, chosen == Placement.SWARM
                ? "the Swarm cluster managed at " + host : "the Docker engine at " + host);
        return switch (chosen) {
            case ENGINE -> new DockerEngine(host, stackId);
            case SWARM -> new SwarmEngine(host, stackId, stopGrace);
        };
    }

    void close(@Disposes ContainerEngine engine) {
        engine.close();
    }
}
