package io.autoscaler.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.autoscaler.events.validation.ImageAllowList;
import io.autoscaler.events.validation.RecordValidator;
import io.autoscaler.events.validation.StackRules;

/** The stack's rules from configuration, one validator for every record a service reads and the API. */
@ApplicationScoped
public class Validation {
    @ConfigProperty(name = "autoscaler.images.allowed")
    List<String> allowedImages;

    @ConfigProperty(name = "autoscaler.pools.max-replicas-cap")
    int maxReplicasCap;

    @ConfigProperty(name = "autoscaler.pools.networks")
    List<String> poolNetworks;

    @ConfigProperty(name = "autoscaler.control-network")
    String controlNetwork;

    @ConfigProperty(name = "autoscaler.resources.unlimited-allowed")
    boolean unlimitedResourcesAllowed;

    @Produces
    @Singleton
    StackRules rules() {
        return new StackRules(new ImageAllowList(allowedImages), maxReplicasCap,
                poolNetworks.stream().map(String::trim).filter(n -> !n.isEmpty()).toList(), controlNetwork,
                unlimitedResourcesAllowed);
    }

    @Produces
    @Singleton
    RecordValidator validator(StackRules rules) {
        return new RecordValidator(rules);
    }
}
