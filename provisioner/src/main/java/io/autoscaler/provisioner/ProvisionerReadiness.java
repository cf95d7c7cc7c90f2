package io.autoscaler.provisioner;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness: down until a first pass has adopted the containers, and while Docker does not answer. */
@Readiness
@ApplicationScoped
public class ProvisionerReadiness implements HealthCheck {
    @Inject
    Provisioner provisioner;

    @Override
    public HealthCheckResponse call() {
        String problem = provisioner.dockerProblem();
        return HealthCheckResponse.named("provisioner").status(provisioner.recovered() && problem == null)
                .withData("docker", problem == null ? "reachable" : problem).build();
    }
}
