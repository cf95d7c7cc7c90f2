package io.autoscaler.provisioner.docker;

import com.github.dockerjava.api.command.CreateContainerResponse;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerConfig;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.ContainerNetworkSettings;
import com.github.dockerjava.api.model.ContainerPort;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventActor;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.NetworkSettings;
import com.github.dockerjava.api.model.PullResponseItem;
import com.github.dockerjava.api.model.ResponseItem;
import com.github.dockerjava.api.command.CreateServiceResponse;
import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.NetworkAttachmentConfig;
import com.github.dockerjava.api.model.ResourceRequirements;
import com.github.dockerjava.api.model.ResourceSpecs;
import com.github.dockerjava.api.model.ResourceVersion;
import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.ServiceModeConfig;
import com.github.dockerjava.api.model.ServicePlacement;
import com.github.dockerjava.api.model.ServiceReplicatedModeOptions;
import com.github.dockerjava.api.model.ServiceRestartPolicy;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.TaskSpec;
import com.github.dockerjava.core.command.CreateContainerCmdImpl;
import com.github.dockerjava.core.command.CreateServiceCmdImpl;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The docker-java types Jackson reads or writes for the calls {@link DockerEngine} and {@link SwarmEngine}
 * make, registered so that a native image keeps them (docker-java has no Quarkus extension of its own).
 */
@RegisterForReflection(targets = { CreateContainerCmdImpl.class, HostConfig.class, CreateContainerResponse.class,
        InspectContainerResponse.class, InspectContainerResponse.ContainerState.class, ContainerConfig.class,
        NetworkSettings.class, ContainerNetwork.class, Container.class, ContainerPort.class,
        ContainerNetworkSettings.class, Event.class, EventActor.class, PullResponseItem.class, ResponseItem.class,
        ResponseItem.ProgressDetail.class, ResponseItem.ErrorDetail.class, CreateServiceCmdImpl.class,
        CreateServiceResponse.class, Service.class, ServiceSpec.class, TaskSpec.class, ContainerSpec.class,
        SwarmService.Container.class, SwarmService.NodePlacement.class, HealthCheck.class,
        NetworkAttachmentConfig.class, ResourceRequirements.class, ServicePlacement.class, ResourceSpecs.class,
        ServiceModeConfig.class, ServiceReplicatedModeOptions.class, ServiceRestartPolicy.class,
        ResourceVersion.class })
final class DockerReflection {
    private DockerReflection() {
    }
}
