package io.autoscaler.testing;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.UUID;

import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Volume;

import io.autoscaler.events.PoolSpec;
import io.autoscaler.events.Topics;

/**
 * The stack's state lives on the broker's named volume: a pool written through the bus, the SCRAM users
 * and the ACLs all outlive the broker's container, as they outlive {@code infra/stack down} + {@code up}.
 */
class DurableStateTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void aPoolUsersAndAclsSurviveTheBrokersContainerOnTheSameVolume() {
        DockerClient docker = DockerClientFactory.instance().client();
        String volume = "autoscaler-test-kafka-data-" + UUID.randomUUID().toString().substring(0, 8);
        String pool = "durable-" + UUID.randomUUID().toString().substring(0, 8);
        docker.createVolumeCmd().withName(volume).exec();
        try {
            KafkaBroker first = KafkaBroker.start(c -> onVolume(c, volume));
            try {
                first.records("decision-engine").send(Topics.POOLS, pool, PoolSpec.of(pool, "autoscaler/demo-app:latest"));
            } finally {
                first.container().stop(); // removes the container; the named volume stays
            }
            KafkaBroker second = first.again(c -> onVolume(c, volume));
            try {
                // the viewer's user and its ACL came back from the volume: nothing was bootstrapped again
                PoolSpec read = second.records("viewer").awaitEvent(Topics.POOLS, PoolSpec.class,
                        p -> p.name().equals(pool), TIMEOUT);
                assertThat(read.image(), is("autoscaler/demo-app:latest"));
                IllegalStateException refused = assertThrows(IllegalStateException.class,
                        () -> second.records("metrics-collector").sendRaw(Topics.MEMBERSHIP, pool, "{}"));
                assertThat(refused.getCause(), instanceOf(TopicAuthorizationException.class));
            } finally {
                second.container().stop();
            }
        } finally {
            docker.removeVolumeCmd(volume).exec();
        }
    }

    private static void onVolume(KafkaBrokerContainer container, String volume) {
        container.withCreateContainerCmdModifier(
                cmd -> cmd.getHostConfig().withBinds(new Bind(volume, new Volume(KafkaBrokerContainer.LOG_DIR))));
    }
}
