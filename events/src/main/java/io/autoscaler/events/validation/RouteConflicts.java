package io.autoscaler.events.validation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import io.autoscaler.events.PoolSpec;

/**
 * The rules between pools' routes, which no spec can keep alone: at most one pool is the default,
 * and no (host, path) pair belongs to two pools. A pool with hosts only claims each host with any
 * path; with paths only, each path on any host; with both, every host with every path. Claims that
 * overlap without being equal (a host with any path, and that host with {@code /api}) are allowed.
 * The API refuses a conflicting write; records written to Kafka directly are the lb-configurator's
 * to resolve.
 */
public final class RouteConflicts {
    private RouteConflicts() {
    }

    /** A host (null: any) with a path prefix (null: any). */
    private record Claim(String host, String path) {
        @Override
        public String toString() {
            if (host == null) {
                return "path '" + path + "' on any host";
            }
            return "host '" + host + "' with " + (path == null ? "any path" : "path '" + path + "'");
        }
    }

    /** What {@code pool}'s route would take from {@code others}, one violation per other pool, by name. */
    public static List<Violation> between(PoolSpec pool, Collection<PoolSpec> others) {
        List<Violation> conflicts = new ArrayList<>();
        Set<Claim> claims = claims(pool.route());
        others.stream().filter(other -> !Objects.equals(other.name(), pool.name()))
                .sorted(Comparator.comparing(PoolSpec::name, Comparator.nullsFirst(Comparator.naturalOrder())))
                .forEach(other -> {
                    if (pool.route().fallback() && other.route().fallback()) {
                        conflicts.add(new Violation("route.default", "pool '" + other.name()
                                + "' is already the default; at most one pool may be"));
                    }
                    Set<Claim> theirs = claims(other.route());
                    List<Claim> shared = claims.stream().filter(theirs::contains).toList();
                    if (!shared.isEmpty()) {
                        conflicts.add(new Violation("route", shared.get(0)
                                + (shared.size() > 1 ? " (and " + (shared.size() - 1) + " more)" : "")
                                + " is already routed to pool '" + other.name() + "'"));
                    }
                });
        return conflicts;
    }

    private static Set<Claim> claims(PoolSpec.Route route) {
        Set<Claim> claims = new LinkedHashSet<>();
        List<String> hosts = route.hosts().isEmpty() ? nothingOr(route.paths()) : route.hosts();
        List<String> paths = route.paths().isEmpty() ? nothingOr(route.hosts()) : route.paths();
        for (String host : hosts) {
            for (String path : paths) {
                claims.add(new Claim(host, path));
            }
        }
        return claims;
    }

    /** "Any" (one null) where the other dimension claims something, else nothing at all. */
    private static List<String> nothingOr(List<String> other) {
        return other.isEmpty() ? List.of() : Collections.singletonList(null);
    }
}
