package io.autoscaler.events.kafka;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.autoscaler.events.Topics;

class KafkaAccessTest {
    /** principal | topics it reads | topics it writes (short names, "autoscaler." left out) — README's table. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "metrics-collector | pools                                                                | dead-letter metrics.cpu metrics.haproxy",
            "decision-engine   | lb-events membership metrics.cpu metrics.haproxy pools scale-events  | dead-letter pools scale-events",
            "provisioner       | lb-events membership metrics.haproxy pools scale-events              | dead-letter instance-events membership",
            "lb-configurator   | membership pools                                                     | dead-letter lb-events",
            "viewer            | dead-letter instance-events lb-events membership metrics.cpu metrics.haproxy pools scale-events | ",
    })
    void eachPrincipalReadsWhatItConsumesAndWritesWhatItOwns(String principal, String reads, String writes) {
        KafkaAccess.Grant grant = KafkaAccess.of(principal);
        assertThat(principal + " reads", shortNames(grant.reads()), is(words(reads)));
        assertThat(principal + " writes", shortNames(grant.writes()), is(words(writes)));
    }

    @Test
    void everyTopicButTheDeadLetterHasOneWriter() {
        for (Topics.Topic topic : Topics.ALL) {
            long writers = KafkaAccess.TABLE.stream().filter(g -> g.writes().contains(topic.name())).count();
            assertThat(topic.name(), writers, is(topic.name().equals(Topics.DEAD_LETTER) ? 4L : 1L));
        }
    }

    @Test
    void theAclsGrantNothingBeyondTheTable() {
        KafkaAccess.Grant collector = KafkaAccess.of("metrics-collector");
        Set<String> acls = KafkaAccess.acls(collector).stream()
                .map(b -> b.entry().operation() + " " + b.pattern().resourceType() + " " + b.pattern().patternType()
                        + " " + b.pattern().name())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(acls, is(new TreeSet<>(Set.of("READ TOPIC LITERAL autoscaler.pools",
                "WRITE TOPIC LITERAL autoscaler.metrics.cpu", "WRITE TOPIC LITERAL autoscaler.metrics.haproxy",
                "WRITE TOPIC LITERAL autoscaler.dead-letter"))));
        assertThat(KafkaAccess.acls(KafkaAccess.of("viewer")).stream()
                .allMatch(b -> b.entry().operation() == org.apache.kafka.common.acl.AclOperation.READ
                        && b.pattern().resourceType() == org.apache.kafka.common.resource.ResourceType.TOPIC), is(true));
    }

    @Test
    void noPrincipalMayUseAConsumerGroup() {
        assertThat(KafkaAccess.TABLE.stream().flatMap(g -> KafkaAccess.acls(g).stream())
                .filter(b -> b.pattern().resourceType() == org.apache.kafka.common.resource.ResourceType.GROUP)
                .toList(), is(java.util.List.of()));
    }

    private static Set<String> shortNames(Set<String> topics) {
        return topics.stream().map(t -> t.substring("autoscaler.".length())).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> words(String list) {
        return list == null || list.isBlank() ? new TreeSet<>() : new TreeSet<>(Set.of(list.trim().split("\\s+")));
    }
}
