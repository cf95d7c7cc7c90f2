package io.autoscaler.decisionengine.policy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import io.autoscaler.events.Naming;
import io.autoscaler.events.PoolMembership;
import io.autoscaler.events.PoolSpec;
import io.autoscaler.events.ScaleDecision;

/**
 * One evaluation of one pool, start to finish: a pool without a decision gets minReplicas; a desired
 * count outside new bounds is clamped; a pool out of dry run gets its last dry-run count for real
 * (the provisioner ignored it); servers DOWN too long are replaced; otherwise the policy's
 * recommendation goes through the bounds and becomes a decision if it changes the desired count.
 * Each decision is applied to the history before it is returned.
 */
public final class PoolDecider {
    private PoolDecider() {
    }

    public static List<ScaleDecision> decide(PoolSpec spec, PoolHistory history, Observation seen) {
        Optional<Integer> desired = history.desired();
        if (desired.isEmpty()) {
            return List.of(scale(spec, history, seen, spec.minReplicas(),
                    "pool created: minReplicas " + spec.minReplicas()));
        }
        int current = desired.get();
        if (spec.clamp(current) != current) {
            String bound = current > spec.maxReplicas() ? "maxReplicas " + spec.maxReplicas()
                    : "minReplicas " + spec.minReplicas();
            return List.of(scale(spec, history, seen, spec.clamp(current),
                    "pool bounds changed: " + current + " → " + spec.clamp(current) + ", clamped to " + bound));
        }
        if (history.lastDecision().orElseThrow().dryRun() && !spec.dryRun()) {
            return List.of(scale(spec, history, seen, current, "dry run ended: desired " + current
                    + ", as last decided in dry run, now for real"));
        }
        List<ScaleDecision> decisions = new ArrayList<>(replacements(spec, history, seen, current));
        Recommender.recommend(spec.policy(), current, seen.instances()).ifPresent(proposal -> {
            Behavior.Outcome outcome = Behavior.apply(spec, history, current, proposal.replicas(), seen.at());
            if (outcome.replicas() != current) {
                String reason = proposal.why() + outcome.shapedBy().stream().map(b -> "; " + b).collect(Collectors.joining());
                decisions.add(scale(spec, history, seen, outcome.replicas(), reason));
            }
        });
        return decisions;
    }

    /**
     * A running instance whose server has been DOWN for replaceAfterMs, counted from the end of its
     * graceMs start-up allowance at the earliest, is replaced once.
     */
    private static List<ScaleDecision> replacements(PoolSpec spec, PoolHistory history, Observation seen,
            int desired) {
        if (seen.membership() == null) {
            return List.of();
        }
        history.keepOnly(seen.membership().instances().stream().map(PoolMembership.Instance::instanceId)
                .collect(Collectors.toSet()));
        List<ScaleDecision> decisions = new ArrayList<>();
        for (PoolMembership.Instance instance : seen.membership().instances()) {
            Optional<Instant> downSince = history.downSince(instance.instanceId());
            if (instance.state() != PoolMembership.State.RUNNING || downSince.isEmpty()
                    || history.replaced(instance.instanceId())) {
                continue;
            }
            Instant graceEnds = instance.startedAt() == null ? downSince.get()
                    : instance.startedAt().plusMillis(spec.healthCheck().graceMs());
            Instant countedFrom = downSince.get().isAfter(graceEnds) ? downSince.get() : graceEnds;
            if (!seen.at().isBefore(countedFrom.plusMillis(spec.healthCheck().replaceAfterMs()))) {
                long downForMs = seen.at().toEpochMilli() - downSince.get().toEpochMilli();
                ScaleDecision replace = new ScaleDecision(UUID.randomUUID(), spec.name(), ScaleDecision.Type.REPLACE,
                        seen.currentReplicas(), desired, instance.instanceId(),
                        "server " + Naming.serverName(spec.name(), instance.instanceId())
                                + " DOWN for " + downForMs / 1000 + " s, past healthCheck.graceMs "
                                + spec.healthCheck().graceMs() + " and healthCheck.replaceAfterMs "
                                + spec.healthCheck().replaceAfterMs(),
                        seen.averages(), spec.dryRun(), seen.at());
                history.decided(replace);
                decisions.add(replace);
            }
        }
        return decisions;
    }

    private static ScaleDecision scale(PoolSpec spec, PoolHistory history, Observation seen, int desired,
            String reason) {
        Map<String, Double> metrics = seen.averages();
        ScaleDecision decision = new ScaleDecision(UUID.randomUUID(), spec.name(), ScaleDecision.Type.SCALE,
                seen.currentReplicas(), desired, null, reason, metrics, spec.dryRun(), seen.at());
        history.decided(decision);
        return decision;
    }
}
