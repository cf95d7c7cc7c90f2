package io.autoscaler.lbconfigurator;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.autoscaler.events.PoolMembership;
import io.autoscaler.events.Timestamps;
import io.autoscaler.events.Topics;
import io.autoscaler.lbconfigurator.Memberships.MembershipChanged;
import io.autoscaler.testing.KafkaBroker;
import io.autoscaler.testing.KafkaRecords;
import io.autoscaler.testing.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * "Loaded" means every record on the topic at start-up has been handled, not that the consumer has
 * fetched them: while the handling of the last valid membership is held up, the view is not loaded
 * (however long the consumer's position stands still), and a last record that cannot be read is
 * dead-lettered and counts as handled, so it does not hold loading up.
 */
@QuarkusTest
@WithTestResource(MembershipsLoadedTest.SlowTopic.class)
class MembershipsLoadedTest {
    static final String POOL = "slowload-" + UUID.randomUUID().toString().substring(0, 8);

    @Inject
    Memberships memberships;

    @Inject
    Gate gate;

    @Test
    void loadedOnlyOnceTheLastRecordIsHandledAndABadLastRecordDoesNotStallIt() {
        await().atMost(Duration.ofSeconds(30)).until(gate::holding);
        // the consumer has fetched everything and its position no longer moves: still not loaded
        await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(8)).until(() -> !memberships.loaded());

        gate.release();
        await().atMost(Duration.ofSeconds(30)).until(memberships::loaded);
        assertThat(memberships.of(gate.pool()).isPresent(), is(true));
        KafkaBroker.shared().records().await(Topics.DEAD_LETTER,
                r -> gate.pool().equals(r.key()) && Topics.MEMBERSHIP.equals(KafkaRecords.header(r, "dead-letter-topic")),
                Duration.ofSeconds(30));
    }

    /** Holds up the handling of the configured pool's membership until released. */
    @ApplicationScoped
    static class Gate {
        @ConfigProperty(name = "test.slow-membership.pool", defaultValue = "-")
        String pool;
        private final CountDownLatch holding = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        void on(@Observes MembershipChanged change) throws InterruptedException {
            if (change.pool().equals(pool)) {
                holding.countDown();
                released.await(60, TimeUnit.SECONDS);
            }
        }

        String pool() {
            return pool;
        }

        boolean holding() {
            return holding.getCount() == 0;
        }

        void release() {
            released.countDown();
        }
    }

    /**
     * Before the service starts: a valid membership of the slow pool, then, last on the topic, a record
     * under the same key that is not JSON. No HAProxy: the configurator finds none and waits.
     */
    public static class SlowTopic extends KafkaTestResource {
        @Override
        public Map<String, String> start() {
            Map<String, String> config = new HashMap<>(super.start());
            KafkaRecords records = KafkaBroker.shared().records();
            records.send(Topics.MEMBERSHIP, POOL, new PoolMembership(POOL, 1, 0, List.of(), Timestamps.now()));
            records.sendRaw(Topics.MEMBERSHIP, POOL, "{not json");
            java.nio.file.Path dir = HaproxyStack.tempDir("slow-topic");
            config.put("test.slow-membership.pool", POOL);
            config.put("haproxy.admin.socket", dir.resolve("admin.sock").toString());
            config.put("autoscaler.lb.master-socket", dir.resolve("master.sock").toString());
            config.put("autoscaler.lb.base-config", dir.resolve("haproxy.cfg").toString());
            config.put("autoscaler.lb.generated-dir", dir.toString());
            return config;
        }
    }
}
