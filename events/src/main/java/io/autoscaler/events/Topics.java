package io.autoscaler.events;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Every topic of DESIGN.md "Topics" with its settings, in one place. */
public final class Topics {
    public static final String POOLS = "autoscaler.pools";
    public static final String METRICS_CPU = "autoscaler.metrics.cpu";
    public static final String METRICS_HAPROXY = "autoscaler.metrics.haproxy";
    public static final String SCALE_EVENTS = "autoscaler.scale-events";
    public static final String MEMBERSHIP = "autoscaler.membership";
    public static final String INSTANCE_EVENTS = "autoscaler.instance-events";
    public static final String LB_EVENTS = "autoscaler.lb-events";
    public static final String DEAD_LETTER = "autoscaler.dead-letter";

    /** One topic: its name, partition count, the event type its values hold, and its configs. */
    public record Topic(String name, int partitions, Class<?> valueType, Map<String, String> configs) {
    }

    private static final String CLEANUP = "cleanup.policy";
    private static final String RETENTION = "retention.ms";

    public static final List<Topic> ALL = List.of(
            new Topic(POOLS, 1, PoolSpec.class, Map.of(CLEANUP, "compact")),
            new Topic(METRICS_CPU, 3, CpuSnapshot.class, Map.of(CLEANUP, "delete", RETENTION, ms(Duration.ofHours(1)))),
            new Topic(METRICS_HAPROXY, 3, HaproxySnapshot.class,
                    Map.of(CLEANUP, "delete", RETENTION, ms(Duration.ofHours(1)))),
            new Topic(SCALE_EVENTS, 1, ScaleDecision.class,
                    Map.of(CLEANUP, "compact", "min.compaction.lag.ms", ms(Duration.ofHours(24)))),
            new Topic(MEMBERSHIP, 1, PoolMembership.class, Map.of(CLEANUP, "compact")),
            new Topic(INSTANCE_EVENTS, 1, InstanceEvent.class,
                    Map.of(CLEANUP, "delete", RETENTION, ms(Duration.ofDays(7)))),
            new Topic(LB_EVENTS, 1, LbEvent.class, Map.of(CLEANUP, "delete", RETENTION, ms(Duration.ofDays(7)))),
            new Topic(DEAD_LETTER, 1, byte[].class, Map.of(CLEANUP, "delete", RETENTION, ms(Duration.ofDays(7)))));

    private Topics() {
    }

    public static Topic named(String name) {
        return ALL.stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown topic " + name));
    }

    private static String ms(Duration d) {
        return Long.toString(d.toMillis());
    }
}
