package io.autoscaler.provisioner.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.autoscaler.events.PoolMembership.State;
import io.autoscaler.events.PoolSpec;
import io.autoscaler.events.ScaleDecision;

/**
 * The diff between what a pool should have and what it has: how many instances to launch and which
 * to retire. Plain Java, no Docker or Kafka, so every case is a table row in a unit test.
 */
public final class PoolReconciler {

    /**
     * One instance of the pool as the reconciler needs to see it; {@code outdated} when it was launched
     * from an earlier template (image, env, port, network, limits) than the pool's current one.
     */
    public record Member(String instanceId, State state, Instant startedAt, int sessions, boolean outdated) {
    }

    /**
     * What to do now: launch {@code launches} new instances, retire the instances in {@code retire}, and
     * start replacing {@code roll} (an out-of-date instance) the way a REPLACE decision would.
     */
    public record Plan(int desired, int launches, List<String> retire, Optional<String> roll) {
        public static Plan nothing(int desired) {
            return new Plan(desired, 0, List.of(), Optional.empty());
        }

        public boolean idle() {
            return launches == 0 && retire.isEmpty() && roll.isEmpty();
        }
    }

    /** Victims first: not yet RUNNING, then fewest sessions, then the newest. */
    static final Comparator<Member> VICTIMS_FIRST = Comparator
            .comparing((Member m) -> m.state() == State.RUNNING)
            .thenComparingInt(Member::sessions)
            .thenComparing(Member::startedAt, Comparator.nullsFirst(Comparator.<Instant> naturalOrder()).reversed());

    private PoolReconciler() {
    }

    /**
     * The pool's desired count: none for a deleted pool; else the latest real decision clamped to the
     * spec's bounds (the engine clamps too; a spec may change first); without one, the count the pool
     * had before a restart ({@code restored}, from its last membership: a dry-run decision that replaced
     * the real one on the compacted topic must not change what runs), and only then the minimum.
     */
    public static int desiredReplicas(PoolSpec spec, ScaleDecision latest, Integer restored) {
        if (spec == null) {
            return 0;
        }
        if (latest != null) {
            return spec.clamp(latest.desiredReplicas());
        }
        return restored == null ? spec.minReplicas() : spec.clamp(restored);
    }

    /**
     * @param desired      the desired count
     * @param replacing    instances a REPLACE decision condemned: retired once enough others run
     * @param members      every instance the pool has, whatever its state
     * @param launchesHeld true while the pool backs off after failed launches
     */
    public static Plan plan(int desired, Set<String> replacing, List<Member> members, boolean launchesHeld) {
        List<Member> healthy = new ArrayList<>();
        List<Member> condemned = new ArrayList<>();
        for (Member m : members) {
            if (m.state() == State.STARTING || m.state() == State.RUNNING) {
                (replacing.contains(m.instanceId()) ? condemned : healthy).add(m);
            }
        }
        int launches = launchesHeld ? 0 : Math.max(0, desired - healthy.size());

        List<String> retire = new ArrayList<>();
        int surplus = healthy.size() - desired;
        if (surplus > 0) {
            healthy.stream().sorted(VICTIMS_FIRST).limit(surplus).map(Member::instanceId).forEach(retire::add);
        }
        // A condemned instance keeps serving until its substitute runs: replace is start first, then retire.
        long runningKept = healthy.stream()
                .filter(m -> m.state() == State.RUNNING && !retire.contains(m.instanceId())).count();
        if (runningKept >= desired) {
            condemned.stream().map(Member::instanceId).forEach(retire::add);
        }
        // A new template rolls one instance at a time, and only a pool at rest: nothing starting, nothing
        // being replaced, no backoff. A substitute that never runs therefore never costs the pool an instance.
        Optional<String> roll = Optional.empty();
        boolean atRest = launches == 0 && retire.isEmpty() && condemned.isEmpty() && !launchesHeld
                && healthy.stream().allMatch(m -> m.state() == State.RUNNING);
        if (atRest) {
            roll = healthy.stream().filter(Member::outdated).sorted(VICTIMS_FIRST).findFirst().map(Member::instanceId);
            launches = roll.isPresent() ? 1 : 0;
        }
        return new Plan(desired, launches, List.copyOf(retire), roll);
    }
}
