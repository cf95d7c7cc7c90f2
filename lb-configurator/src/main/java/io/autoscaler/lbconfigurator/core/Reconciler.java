package io.autoscaler.lbconfigurator.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.autoscaler.events.Naming;
import io.autoscaler.events.PoolMembership.Instance;
import io.autoscaler.lbconfigurator.haproxy.Backend;
import io.autoscaler.lbconfigurator.haproxy.Backend.Server;
import io.autoscaler.lbconfigurator.haproxy.ServerState;

/**
 * The difference between a pool's membership and its HAProxy backend, as steps. Pure: the same
 * inputs give the same steps, and each step is safe to compute again next pass (level-triggered).
 * <ul>
 * <li>RUNNING instance without a server: add it.</li>
 * <li>RUNNING instance whose server is in maintenance (an add that stopped half-way) or draining
 * (the instance was kept after all): release it, DOWN until its checks pass.</li>
 * <li>RUNNING instance whose server points elsewhere: readdress it.</li>
 * <li>DRAINING or STOPPING instance, or our server with no instance: drain it, then, once idle or
 * past the pool's drain timeout, remove it.</li>
 * <li>DRAINING instance without a server: report it drained.</li>
 * <li>STARTING instance: nothing yet (no request may reach an instance before it is ready).</li>
 * <li>Servers we did not name (static servers of haproxy.cfg): never touched.</li>
 * </ul>
 */
public final class Reconciler {
    /** Instance ids the provisioner makes: 8 lowercase hex characters. */
    private static final Pattern INSTANCE_ID = Pattern.compile("[0-9a-f]{8}");

    private Reconciler() {
    }

    /**
     * @param drainsStarted when each draining server's drain began (absent: it begins now)
     */
    public static List<Step> plan(PoolTarget target, Backend backend, Map<String, Instant> drainsStarted,
            Instant now) {
        Map<String, Server> ours = ourServers(target, backend);
        List<Step> adds = new ArrayList<>();
        List<Step> retirements = new ArrayList<>();
        for (Instance instance : target.instances()) {
            String name = Naming.serverName(target.pool(), instance.instanceId());
            Server server = ours.remove(name);
            switch (instance.state()) {
                case RUNNING -> {
                    if (server == null) {
                        adds.add(new Step.Add(instance.instanceId(), name, instance.host(), instance.port()));
                    } else if (server.admin() != ServerState.Admin.READY) {
                        adds.add(new Step.Release(instance.instanceId(), name));
                    } else if (!pointsAt(server, instance)) {
                        adds.add(new Step.Readdress(instance.instanceId(), name, instance.host(), instance.port()));
                    }
                }
                case DRAINING -> {
                    if (server == null) {
                        retirements.add(new Step.ReportDrained(instance.instanceId(), name));
                    } else {
                        retire(instance.instanceId(), server, "instance draining", target, drainsStarted, now)
                                .ifPresent(retirements::add);
                    }
                }
                case STOPPING -> {
                    if (server != null) {
                        retire(instance.instanceId(), server, "instance stopping", target, drainsStarted, now)
                                .ifPresent(retirements::add);
                    }
                }
                case STARTING -> {
                    // added once RUNNING
                }
            }
        }
        for (Server unwanted : ours.values()) {
            String instanceId = Naming.instanceId(target.pool(), unwanted.name()).orElseThrow();
            retire(instanceId, unwanted, "instance not in membership", target, drainsStarted, now)
                    .ifPresent(retirements::add);
        }
        List<Step> steps = new ArrayList<>(adds);
        steps.addAll(retirements);
        return steps;
    }

    /** The next step of a server's retirement: drain, wait, then remove. */
    private static Optional<Step> retire(String instanceId, Server server, String reason,
            PoolTarget target, Map<String, Instant> drainsStarted, Instant now) {
        return switch (server.admin()) {
            case READY -> Optional.of(new Step.StartDrain(instanceId, server.name(), reason));
            case MAINT -> Optional.of(new Step.Remove(instanceId, server.name(), server.sessions(), false));
            case DRAIN -> {
                Instant started = drainsStarted.getOrDefault(server.name(), now);
                boolean timedOut = Duration.between(started, now).compareTo(target.drainTimeout()) >= 0;
                yield server.idle() || timedOut
                        ? Optional.of(new Step.Remove(instanceId, server.name(), server.sessions(),
                                timedOut && !server.idle()))
                        : Optional.empty();
            }
        };
    }

    /** True while the backend still holds a server of this pool. */
    public static boolean managesAny(PoolTarget target, Backend backend) {
        return !ourServers(target, backend).isEmpty();
    }

    /**
     * Servers of this pool we manage: named {@code <pool>-<instanceId>} with an instance id that
     * the provisioner could have made, or that the membership lists.
     */
    static Map<String, Server> ourServers(PoolTarget target, Backend backend) {
        Set<String> listed = target.instances().stream().map(Instance::instanceId).collect(Collectors.toSet());
        Map<String, Server> ours = new java.util.LinkedHashMap<>();
        for (Server server : backend.servers()) {
            Naming.instanceId(target.pool(), server.name())
                    .filter(id -> listed.contains(id) || INSTANCE_ID.matcher(id).matches())
                    .ifPresent(id -> ours.put(server.name(), server));
        }
        return ours;
    }

    private static boolean pointsAt(Server server, Instance instance) {
        return server.address().equals(instance.host()) && server.port() == instance.port();
    }
}
