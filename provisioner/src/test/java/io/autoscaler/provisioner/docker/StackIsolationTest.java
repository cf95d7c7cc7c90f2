package io.autoscaler.provisioner.docker;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.arrayWithSize;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Network;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;

import io.autoscaler.events.Naming;
import io.autoscaler.events.PoolSpec;
import io.autoscaler.events.Timestamps;
import io.autoscaler.testing.TestImages;

/**
 * Two stacks on one Docker engine (two adapters with different stack ids): neither lists, stops or removes
 * the other's containers. And what a created container may do, read back from Docker itself.
 */
class StackIsolationTest {
    private static final DockerClient DOCKER = DockerClientFactory.instance().client();
    private static final String SOCKET = "unix:///var/run/docker.sock";

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String networkName = "prov-stack-" + suffix;
    private final Network network = Network.builder().createNetworkCmdModifier(cmd -> cmd.withName(networkName))
            .build();
    private final DockerEngine stackA = new DockerEngine(SOCKET, "stack-a-" + suffix);
    private final DockerEngine stackB = new DockerEngine(SOCKET, "stack-b-" + suffix);
    private String containerOfA;

    @AfterEach
    void removeWhatWasCreated() {
        if (containerOfA != null) {
            stackA.remove(containerOfA);
        }
        stackA.close();
        stackB.close();
        network.close();
    }

    @Test
    void aStackNeverSeesStopsOrRemovesAnotherStacksContainer() {
        network.getId(); // created on first use
        containerOfA = stackA.create(spec(), "0000000a");
        stackA.start(containerOfA);

        assertThat(ids(stackA), contains(containerOfA));
        assertThat(ids(stackB), not(hasItem(containerOfA)));
        stackB.stop(containerOfA, Duration.ofSeconds(1));
        stackB.remove(containerOfA);
        InspectContainerResponse c = DOCKER.inspectContainerCmd(containerOfA).exec();
        assertThat(c.getState().getRunning(), is(true));
        assertThat(c.getConfig().getLabels().get(Naming.LABEL_STACK), is("stack-a-" + suffix));
    }

    @Test
    void aContainerGetsNoPrivilegeCapabilityMountDeviceOrHostNamespace() {
        network.getId();
        containerOfA = stackA.create(spec(), "0000000b");
        InspectContainerResponse c = DOCKER.inspectContainerCmd(containerOfA).exec();
        HostConfig host = c.getHostConfig();
        assertThat(host.getPrivileged(), is(false));
        assertThat(host.getSecurityOpts(), hasItem("no-new-privileges"));
        assertThat(host.getCapAdd(), anyOf(nullValue(), arrayWithSize(0)));
        assertThat(List.of(host.getCapDrop()), hasItem(Capability.NET_RAW));
        assertThat(host.getBinds(), anyOf(nullValue(), arrayWithSize(0)));
        assertThat(host.getMounts(), anyOf(nullValue(), empty()));
        assertThat(host.getDevices(), anyOf(nullValue(), arrayWithSize(0)));
        assertThat(c.getMounts(), anyOf(nullValue(), empty()));
        assertThat(host.getNetworkMode(), is(networkName));
        for (String namespace : new String[] { host.getPidMode(), host.getIpcMode(), host.getUtSMode(), host.getUsernsMode() }) {
            assertThat(namespace, anyOf(emptyOrNullString(), not(is("host"))));
        }
    }

    private static List<String> ids(DockerEngine engine) {
        return engine.listManaged().stream().map(ManagedContainer::containerId).toList();
    }

    private PoolSpec spec() {
        return new PoolSpec("prov-a-" + suffix, TestImages.demoApp().asCanonicalNameString(), 8080, Map.of(),
                networkName, null, 0, 2, null, null, null, new PoolSpec.Resources(0.5, 128), false, Timestamps.now());
    }
}
