package io.autoscaler.lbconfigurator.core;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.autoscaler.events.PoolSpec;
import io.autoscaler.lbconfigurator.haproxy.Backend;
import io.autoscaler.lbconfigurator.haproxy.ServerState.Admin;

/**
 * The generated configuration, one row per rule. A pool is written {@code name key=value...}: {@code b=}
 * balance, {@code s=} stickiness, {@code h=} hosts and {@code p=} paths (comma-separated), {@code d} default,
 * {@code mc=} maxConnPerInstance, {@code ss=} slowStartMs, {@code hc=} health path, {@code be=} backend.
 * Expected lines are joined by " / " and must appear one after the other; "-" for no problem.
 */
class PoolsConfigTest {
    private static final PoolsConfig.Settings SETTINGS = new PoolsConfig.Settings("*:8080",
            "/var/lib/autoscaler/haproxy/server-state", "0123456789abcdef0123");

    static Stream<Arguments> rows() {
        return Stream.of(
                row("a pool without route: its backend, no frontend", List.of("a"),
                        "backend a / balance roundrobin / option httpchk GET /health / http-check expect status 200"
                                + " / load-server-state-from-file global", "-"),
                row("the state file is global", List.of("a"),
                        "global / server-state-file /var/lib/autoscaler/haproxy/server-state", "-"),
                row("leastconn and first as given", List.of("a b=leastconn", "b b=first"),
                        "backend a / balance leastconn", "-"),
                row("source hashes consistently (dynamic servers need it)", List.of("a b=source"),
                        "balance source / hash-type consistent", "-"),
                row("uri hashes consistently", List.of("a b=uri"), "balance uri / hash-type consistent", "-"),
                row("hdr(name) hashes consistently", List.of("a b=hdr(X-User)"),
                        "balance hdr(X-User) / hash-type consistent", "-"),
                row("source stickiness: a stick table on the client address", List.of("a s=source"),
                        "stick-table type ip size 100k expire 30m / stick on src", "-"),
                row("cookie stickiness: a dynamic cookie named after the backend", List.of("a s=cookie"),
                        "cookie lb-a insert indirect nocache dynamic / dynamic-cookie-key 0123456789abcdef0123", "-"),
                row("the pool's health path is checked", List.of("a hc=/ready"), "option httpchk GET /ready", "-"),
                row("host route", List.of("a h=a.test,www.a.test"),
                        "frontend web / bind *:8080 / acl host_a req.hdr(host),field(1,:),lower -m str a.test www.a.test"
                                + " / use_backend a if host_a", "-"),
                row("host names are matched lower-case", List.of("a h=A.Test"),
                        "acl host_a req.hdr(host),field(1,:),lower -m str a.test", "-"),
                row("path route", List.of("a p=/api,/v2"), "acl path_a path_beg /api /v2 / use_backend a if path_a", "-"),
                row("most specific first: host+path, then host, then path",
                        List.of("a p=/api", "b h=b.test", "c h=b.test p=/api"),
                        "use_backend c if host_c path_c / use_backend b if host_b / use_backend a if path_a", "-"),
                row("the default pool", List.of("a d", "b h=b.test"), "use_backend b if host_b / default_backend a", "-"),
                row("only a default: frontend with default_backend", List.of("a d"),
                        "frontend web / bind *:8080 / default_backend a", "-"),
                row("the backend name is the pool's backend", List.of("a be=shop h=a.test"),
                        "use_backend shop if host_shop", "-"),
                row("same host twice: the first pool by name keeps it", List.of("b h=x.test", "a h=x.test"),
                        "use_backend a if host_a", "b: route not applied: host x.test path any is already pool a's"),
                row("two defaults: the first by name", List.of("b d", "a d"), "default_backend a",
                        "b: not the default pool: backend a already is"),
                row("same host, other paths: both routed", List.of("a h=x.test p=/a", "b h=x.test p=/b"),
                        "use_backend a if host_a path_a / use_backend b if host_b path_b", "-"),
                // injection: each value refused, its pool (or route) left out, nothing of it in the text
                row("host with a newline and a backend", List.of("a h=a.test\nbackend_evil"), "backend a",
                        "a: route not applied: refused HAProxy host name"),
                row("host with a space", List.of("a h=a.test_x.test"), "backend a", "a: route not applied: refused"),
                row("path with a '#'", List.of("a p=/a#x"), "backend a", "a: route not applied: refused HAProxy path"),
                row("path with a quote", List.of("a p=/a\"x"), "backend a", "refused HAProxy path"),
                row("path with a backslash", List.of("a p=/a\\x"), "backend a", "refused HAProxy path"),
                row("path not starting with '/'", List.of("a p=api"), "backend a", "refused HAProxy path"),
                row("health path with a newline", List.of("a hc=/h\ndisabled", "b"), "backend b",
                        "a: not in the generated configuration: refused HAProxy path"),
                row("health path with a space (a second argument)", List.of("a hc=/h_HTTP/1.1", "b"), "backend b",
                        "a: not in the generated configuration: refused HAProxy path"),
                row("header with a paren", List.of("a b=hdr(x)evil)"), "-", "a: not in the generated configuration"),
                row("header with a space", List.of("a b=hdr(x_y)"), "-", "refused HAProxy header name"),
                row("unknown balance", List.of("a b=static-rr"), "-", "refused HAProxy balance 'static-rr'"),
                row("unknown stickiness", List.of("a s=ip"), "-", "refused stickiness 'ip'"),
                row("backend with a newline", List.of("a be=a\nfrontend_x"), "-", "refused HAProxy backend name"),
                row("maxconn and slow start on servers", List.of("a mc=50 ss=2000"),
                        "server a-0000000a 127.0.0.7:8080 check inter 1000 rise 2 fall 2 maxconn 50 slowstart 2000ms",
                        "-"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void renders(String what, List<String> pools, String expected, String problem) {
        List<PoolSpec> specs = pools.stream().map(PoolsConfigTest::pool).toList();
        Map<String, List<Backend.Server>> servers = Map.of("a", List.of(server("a-0000000a", "127.0.0.7")));
        PoolsConfig.Rendered rendered = PoolsConfig.render(specs, servers, SETTINGS);
        if (!expected.equals("-")) {
            String lines = Arrays.stream(expected.split(" / ")).map(l -> l.startsWith("backend ")
                    || l.startsWith("frontend ") || l.equals("global") ? l : "    " + l).collect(Collectors.joining("\n"));
            assertThat(rendered.text(), containsString(lines));
        }
        String problems = rendered.problems().stream().map(p -> p.pool() + ": " + p.message())
                .collect(Collectors.joining("\n"));
        if (problem.equals("-")) {
            assertThat(problems, is(""));
        } else {
            assertThat(problems, containsString(problem));
        }
        assertNothingInjected(rendered.text());
    }

    @Test
    void aServerWithAForgedNameOrAddressIsRefused() {
        PoolsConfig.Rendered rendered = PoolsConfig.render(List.of(pool("a")),
                Map.of("a", List.of(server("a-1\nbackend evil", "127.0.0.7"))), SETTINGS);
        assertThat(rendered.text(), not(containsString("evil")));
        assertThat(rendered.problems().get(0).message(), containsString("refused HAProxy server name"));
        rendered = PoolsConfig.render(List.of(pool("a")),
                Map.of("a", List.of(server("a-1", "127.0.0.7 backup"))), SETTINGS);
        assertThat(rendered.text(), not(containsString("backup")));
    }

    @Test
    void noGeneratedPoolNoText() {
        assertThat(PoolsConfig.render(List.of(), Map.of(), SETTINGS).text(), is(""));
    }

    @Test
    void theSkeletonIsTheTextWithoutServers() {
        PoolsConfig.Rendered with = PoolsConfig.render(List.of(pool("a")),
                Map.of("a", List.of(server("a-0000000a", "127.0.0.7"))), SETTINGS);
        PoolsConfig.Rendered without = PoolsConfig.render(List.of(pool("a")), Map.of(), SETTINGS);
        assertThat(with.text(), not(is(without.text())));
        assertThat(with.skeleton(), is(without.skeleton()));
        assertThat(with.sections(), is(without.sections()));
    }

    /** Every line is a known keyword: none comes from a value. */
    private static void assertNothingInjected(String text) {
        for (String line : text.lines().toList()) {
            String word = line.strip().split(" ")[0];
            assertThat(line, List.of("", "#", "global", "server-state-file", "frontend", "bind", "acl", "use_backend",
                    "default_backend", "backend", "balance", "hash-type", "stick-table", "stick", "cookie",
                    "dynamic-cookie-key", "option", "http-check", "load-server-state-from-file", "server")
                    .contains(word), is(true));
        }
    }

    /** A pool from the row notation; '_' stands for a space inside a value. */
    static PoolSpec pool(String notation) {
        String[] words = notation.split(" ");
        String name = words[0];
        String backend = null;
        String balance = null;
        String stickiness = null;
        List<String> hosts = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        boolean fallback = false;
        int maxConn = 0;
        long slowStart = 0;
        String health = "/health";
        for (String word : Arrays.copyOfRange(words, 1, words.length)) {
            String key = word.contains("=") ? word.substring(0, word.indexOf('=')) : word;
            String value = word.substring(word.indexOf('=') + 1).replace('_', ' ');
            switch (key) {
                case "b" -> balance = value;
                case "s" -> stickiness = value;
                case "h" -> hosts.addAll(List.of(value.split(",")));
                case "p" -> paths.addAll(List.of(value.split(",")));
                case "d" -> fallback = true;
                case "mc" -> maxConn = Integer.parseInt(value);
                case "ss" -> slowStart = Long.parseLong(value);
                case "hc" -> health = value;
                case "be" -> backend = value;
                default -> throw new IllegalArgumentException(word);
            }
        }
        return new PoolSpec(name, "img", null, null, null, backend, null, null,
                new PoolSpec.HealthCheck(health, null, null, null, null, null), null, null, null, null, null,
                new PoolSpec.Route(hosts, paths, fallback), balance, stickiness, maxConn, slowStart);
    }

    static Backend.Server server(String name, String ip) {
        return new Backend.Server(name, ip, 8080, Admin.READY, "UP", 0, 0, 0);
    }

    private static Arguments row(String what, List<String> pools, String expected, String problem) {
        return Arguments.of(what, pools, expected, problem);
    }
}
