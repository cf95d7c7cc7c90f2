package io.autoscaler.events.kafka;

import static io.autoscaler.events.Topics.DEAD_LETTER;
import static io.autoscaler.events.Topics.INSTANCE_EVENTS;
import static io.autoscaler.events.Topics.LB_EVENTS;
import static io.autoscaler.events.Topics.MEMBERSHIP;
import static io.autoscaler.events.Topics.METRICS_CPU;
import static io.autoscaler.events.Topics.METRICS_HAPROXY;
import static io.autoscaler.events.Topics.POOLS;
import static io.autoscaler.events.Topics.SCALE_EVENTS;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import io.autoscaler.events.Topics;

/**
 * Who may do what on the bus: one principal per service, each writing only the topics it owns (and the
 * dead-letter topic) and reading only what it consumes, plus a read-only viewer for the tools. The
 * broker's ACLs are derived from this table and nothing else. No principal may use a consumer group:
 * every reader assigns itself the partitions it reads and commits nothing.
 */
public final class KafkaAccess {
    /** The bootstrap super user: creates users, ACLs and topics; no service runs as it. */
    public static final String ADMIN = "admin";
    public static final String VIEWER = "viewer";

    /** A principal's rights. */
    public record Grant(String principal, Set<String> reads, Set<String> writes) {
    }

    private static final Set<String> EVERY_TOPIC = Topics.ALL.stream().map(Topics.Topic::name)
            .collect(Collectors.toUnmodifiableSet());

    public static final List<Grant> TABLE = List.of(
            service("metrics-collector", Set.of(POOLS), Set.of(METRICS_CPU, METRICS_HAPROXY)),
            service("decision-engine", Set.of(POOLS, METRICS_CPU, METRICS_HAPROXY, MEMBERSHIP, LB_EVENTS, SCALE_EVENTS),
                    Set.of(POOLS, SCALE_EVENTS)),
            service("provisioner", Set.of(POOLS, SCALE_EVENTS, LB_EVENTS, METRICS_HAPROXY, MEMBERSHIP),
                    Set.of(MEMBERSHIP, INSTANCE_EVENTS)),
            service("lb-configurator", Set.of(POOLS, MEMBERSHIP), Set.of(LB_EVENTS)),
            new Grant(VIEWER, EVERY_TOPIC, Set.of()));

    private KafkaAccess() {
    }

    private static Grant service(String name, Set<String> reads, Set<String> owns) {
        Set<String> writes = new java.util.HashSet<>(owns);
        writes.add(DEAD_LETTER);
        return new Grant(name, reads, Set.copyOf(writes));
    }

    public static List<String> principals() {
        return TABLE.stream().map(Grant::principal).toList();
    }

    public static Grant of(String principal) {
        return TABLE.stream().filter(g -> g.principal().equals(principal)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no Kafka principal " + principal));
    }

    /** The broker ACLs of one grant (Read and Write imply Describe). */
    public static List<AclBinding> acls(Grant grant) {
        String user = "User:" + grant.principal();
        List<AclBinding> acls = new ArrayList<>();
        grant.reads().forEach(t -> acls.add(allow(user, ResourceType.TOPIC, t, PatternType.LITERAL, AclOperation.READ)));
        grant.writes().forEach(t -> acls.add(allow(user, ResourceType.TOPIC, t, PatternType.LITERAL, AclOperation.WRITE)));
        return acls;
    }

    private static AclBinding allow(String user, ResourceType type, String name, PatternType pattern, AclOperation op) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry(user, "*", op, AclPermissionType.ALLOW));
    }
}
