package io.autoscaler.decisionengine.engine;

import java.time.Instant;

import io.autoscaler.decisionengine.policy.CpuByNode;
import io.autoscaler.decisionengine.policy.PoolHistory;
import io.autoscaler.decisionengine.schedule.ScheduledBounds;
import io.autoscaler.events.HaproxySnapshot;
import io.autoscaler.events.PoolMembership;
import io.autoscaler.events.PoolSpec;

/** Everything the engine holds about one pool; guarded by its own monitor. */
final class PoolState {
    final PoolHistory history = new PoolHistory();
    PoolMembership membership;
    final CpuByNode cpu = new CpuByNode();
    HaproxySnapshot haproxy;
    /** When the pool was last evaluated, so the timer skips pools a snapshot has just evaluated. */
    long evaluatedAtNanos = Long.MIN_VALUE;
    /** The schedule's bounds, kept until the spec changes or an action fires: cron is not worked out per snapshot. */
    private ScheduledBounds bounds;
    private PoolSpec boundsOf;

    ScheduledBounds bounds(PoolSpec spec, Instant now) {
        if (spec != boundsOf || bounds != null && !bounds.holdAt(now)) {
            bounds = ScheduledBounds.of(spec, now);
            boundsOf = spec;
        }
        return bounds;
    }
}
