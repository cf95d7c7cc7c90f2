package io.autoscaler.events.validation;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.autoscaler.events.PoolSpec;

/**
 * Routes in a small notation: words starting with '/' are paths, {@code default} marks the default
 * pool, other words are hosts, {@code -} is no route. Expected: the conflicting fields, {@code -} for none.
 */
class RouteConflictsTest {
    static Stream<Arguments> rows() {
        return Stream.of(
                row("no routes", "-", "-", "-"),
                row("two defaults", "default", "default", "route.default"),
                row("one default", "default", "a.example", "-"),
                row("same host", "a.example", "a.example", "route"),
                row("other host", "a.example", "b.example", "-"),
                row("same path", "/api", "/api", "route"),
                row("other path", "/api", "/web", "-"),
                row("same host, same path", "a.example /api", "a.example /api", "route"),
                row("same host, other path", "a.example /api", "a.example /web", "-"),
                row("host any path vs host with path: overlap", "a.example", "a.example /api", "-"),
                row("path on any host vs host with path: overlap", "/api", "a.example /api", "-"),
                row("one shared pair of a product", "a.example b.example /x /y", "b.example /y", "route"),
                row("default and a shared host", "a.example default", "a.example default", "route.default route"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void conflicts(String what, String mine, String theirs, String expected) {
        List<Violation> conflicts = RouteConflicts.between(pool("mine", mine), List.of(pool("theirs", theirs)));

        assertThat(conflicts.stream().map(Violation::field).toList(),
                is(expected.equals("-") ? List.of() : Arrays.asList(expected.split(" "))));
        conflicts.forEach(v -> assertThat(v.reason(), containsString("'theirs'")));
    }

    @Test
    void aPoolNeverConflictsWithItsOwnStoredSpec() {
        assertThat(RouteConflicts.between(pool("web", "a.example default"), List.of(pool("web", "a.example default"))),
                is(empty()));
    }

    @Test
    void theReasonNamesTheFirstSharedPairAndHowManyMore() {
        List<Violation> conflicts = RouteConflicts.between(pool("mine", "a.example b.example /x"),
                List.of(pool("theirs", "a.example b.example /x")));

        assertThat(conflicts, hasSize(1));
        assertThat(conflicts.get(0).reason(),
                is("host 'a.example' with path '/x' (and 1 more) is already routed to pool 'theirs'"));
    }

    @Test
    void eachOtherPoolIsNamedInNameOrder() {
        List<Violation> conflicts = RouteConflicts.between(pool("mine", "/api"),
                List.of(pool("zeta", "/api"), pool("alpha", "/api"), pool("other", "/web")));

        assertThat(conflicts.stream().map(Violation::reason).toList(), contains(
                "path '/api' on any host is already routed to pool 'alpha'",
                "path '/api' on any host is already routed to pool 'zeta'"));
    }

    private static Arguments row(String what, String mine, String theirs, String expected) {
        return Arguments.of(what, mine, theirs, expected);
    }

    private static PoolSpec pool(String name, String route) {
        List<String> hosts = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        boolean fallback = false;
        for (String word : route.equals("-") ? new String[0] : route.split(" ")) {
            if (word.equals("default")) {
                fallback = true;
            } else if (word.startsWith("/")) {
                paths.add(word);
            } else {
                hosts.add(word);
            }
        }
        return PoolSpec.of(name, "autoscaler/x").withRoute(new PoolSpec.Route(hosts, paths, fallback));
    }
}
