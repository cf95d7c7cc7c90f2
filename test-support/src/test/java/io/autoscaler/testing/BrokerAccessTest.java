package io.autoscaler.testing;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.instanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.autoscaler.events.Topics;
import io.autoscaler.events.kafka.KafkaAccess;
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

    /** Readers assign themselves partitions: no service may join (or squat) a consumer group. */
    @org.junit.jupiter.api.Test
    void aServiceCannotUseAConsumerGroup() {
        Map<String, Object> props = new HashMap<>(KafkaBroker.shared().clientConfig("provisioner"));
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "provisioner");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.POOLS));
            assertThrows(GroupAuthorizationException.class, () -> consumer.poll(TIMEOUT));
        }
    }

    /** A stack made before groups were dropped had group ACLs: the bootstrap of every start deletes them. */
    @org.junit.jupiter.api.Test
    void theBootstrapDeletesAnAclTheTableNoLongerGrants() throws Exception {
        AclBinding old = new AclBinding(new ResourcePattern(ResourceType.GROUP, "provisioner", PatternType.PREFIXED),
                new AccessControlEntry("User:provisioner", "*", AclOperation.READ, AclPermissionType.ALLOW));
        try (Admin admin = Admin.create(KafkaBroker.shared().clientConfig(KafkaAccess.ADMIN))) {
            admin.createAcls(List.of(old)).all().get(30, TimeUnit.SECONDS);
            try {
                // an older stack's ACL is there long before a start; a new one reaches the broker's view later
                await().atMost(TIMEOUT).until(() -> admin.describeAcls(old.toFilter()).values().get(), hasSize(1));

                KafkaBroker.shared().bootstrap();

                await().atMost(TIMEOUT).until(() -> admin.describeAcls(old.toFilter()).values().get(), empty());
            } finally {
                // never left behind for the other tests of the shared broker, whatever happened
                admin.deleteAcls(List.of(old.toFilter())).all().get(30, TimeUnit.SECONDS);
            }
        }
    }

    @org.junit.jupiter.api.Test
    void aWrongPasswordIsRefused() {
        KafkaSecurity security = KafkaSecurity.scram("viewer", "wrong-password-0123456789");
        KafkaRecords records = KafkaRecords.at(security.clientConfig(KafkaBroker.shared().bootstrapServers()));
        assertThrows(SaslAuthenticationException.class, () -> records.readAll(Topics.POOLS));
    }
}
