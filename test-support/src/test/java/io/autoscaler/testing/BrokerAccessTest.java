package io.autoscaler.testing;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.instanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.UUID;

import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.autoscaler.events.Topics;
import io.autoscaler.events.kafka.KafkaSecurity;

/** The secured test broker enforces the ACL table: each principal writes what it owns, nothing else. */
class BrokerAccessTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /**
     * principal | topic | what the broker answers: ok, topic (not authorized for that topic) or cluster
     * (a principal that may write no topic at all is refused even an idempotent producer id).
     * Tombstones, so that other tests reading these topics see nothing they cannot decode.
     */
    @ParameterizedTest(name = "{0} writes {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            "metrics-collector | autoscaler.metrics.cpu  | ok",
            "metrics-collector | autoscaler.dead-letter  | ok",
            "metrics-collector | autoscaler.membership   | topic",
            "metrics-collector | autoscaler.pools        | topic",
            "lb-configurator   | autoscaler.scale-events | topic",
            "provisioner       | autoscaler.membership   | ok",
            "viewer            | autoscaler.pools        | cluster",
            "viewer            | autoscaler.dead-letter  | cluster",
    })
    void aWriteIsAllowedOnlyByTheTable(String principal, String topic, String answer) {
        KafkaRecords records = KafkaBroker.shared().records(principal);
        String key = "acl-" + UUID.randomUUID();
        if (answer.equals("ok")) {
            records.send(topic, key, null);
        } else {
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> records.send(topic, key, null));
            assertThat(refused.getCause(), instanceOf(answer.equals("topic") ? TopicAuthorizationException.class
                    : ClusterAuthorizationException.class));
        }
    }

    @ParameterizedTest(name = "{0} reads {1}")
    @CsvSource(delimiter = '|', value = {
            "viewer          | autoscaler.membership",
            "viewer          | autoscaler.dead-letter",
            "lb-configurator | autoscaler.membership",
    })
    void aReaderSeesWhatTheAdminWrote(String principal, String topic) {
        String key = "acl-" + UUID.randomUUID();
        KafkaBroker.shared().records().send(topic, key, null);
        KafkaBroker.shared().records(principal).await(topic, r -> key.equals(r.key()), TIMEOUT);
    }

    @ParameterizedTest(name = "{0} cannot read {1}")
    @CsvSource(delimiter = '|', value = {
            "metrics-collector | autoscaler.membership",
            "lb-configurator   | autoscaler.scale-events",
    })
    void aReadOutsideTheTableIsRefused(String principal, String topic) {
        RuntimeException refused = assertThrows(RuntimeException.class,
                () -> KafkaBroker.shared().records(principal).readAll(topic));
        assertThat(refused, instanceOf(TopicAuthorizationException.class));
    }

    @org.junit.jupiter.api.Test
    void aWrongPasswordIsRefused() {
        KafkaSecurity security = KafkaSecurity.scram("viewer", "wrong-password-0123456789");
        KafkaRecords records = KafkaRecords.at(security.clientConfig(KafkaBroker.shared().bootstrapServers()));
        assertThrows(SaslAuthenticationException.class, () -> records.readAll(Topics.POOLS));
    }
}
