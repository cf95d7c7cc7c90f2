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
import com.github.dockerjava.core.command.CreateContainerCmdImpl;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The docker-java types Jackson reads or writes for the calls {@link DockerEngine} makes, registered
 * so that a native image keeps them (docker-java has no Quarkus extension of its own).
 */
@RegisterForReflection(targets = { CreateContainerCmdImpl.class, HostConfig.class, CreateContainerResponse.class,
        InspectContainerResponse.class, InspectContainerResponse.ContainerState.class, ContainerConfig.class,
        NetworkSettings.class, ContainerNetwork.class, Container.class, ContainerPort.class,
        ContainerNetworkSettings.class, Event.class, EventActor.class, PullResponseItem.class, ResponseItem.class,
        ResponseItem.ProgressDetail.class, ResponseItem.ErrorDetail.class })
final class DockerReflection {
    private DockerReflection() {
    }
}
