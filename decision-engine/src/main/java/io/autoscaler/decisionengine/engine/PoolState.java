package io.autoscaler.decisionengine.engine;

import io.autoscaler.decisionengine.policy.PoolHistory;
import io.autoscaler.events.CpuSnapshot;
import io.autoscaler.events.HaproxySnapshot;
import io.autoscaler.events.PoolMembership;

/** Everything the engine holds about one pool; guarded by its own monitor. */
final class PoolState {
    final PoolHistory history = new PoolHistory();
    PoolMembership membership;
    CpuSnapshot cpu;
    HaproxySnapshot haproxy;
    /** When the pool was last evaluated, so the timer skips pools a snapshot has just evaluated. */
    long evaluatedAtNanos = Long.MIN_VALUE;
}
