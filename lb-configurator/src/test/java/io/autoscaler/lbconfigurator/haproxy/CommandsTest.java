package io.autoscaler.lbconfigurator.haproxy;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.autoscaler.events.PoolSpec;

class CommandsTest {
    private static final PoolSpec.HealthCheck CHECK = new PoolSpec.HealthCheck("/health", 500, 3, 2, null, null);
    private static final PoolSpec POOL = pool(CHECK, 0, 0);
    private static final ServerRef WEB = new ServerRef("web", "web-0a1b2c3d");
    private static final String FORGED = "127.0.0.1 check; disable frontend web; show info";
    private static final String LONG = "a".repeat(128);

    @Test
    void addCarriesTheChecksOfThePool() {
        assertThat(Commands.addServer(WEB, new ServerAddress("127.0.0.7", 8080), POOL).line(),
                is("add server web/web-0a1b2c3d 127.0.0.7:8080 check inter 500 rise 3 fall 2"));
        assertThat(Commands.addServer(WEB, new ServerAddress("fd00::7", 8080), POOL).line(),
                is("add server web/web-0a1b2c3d fd00::7:8080 check inter 500 rise 3 fall 2"));
        assertThat(Commands.addServer(WEB, new ServerAddress("127.0.0.7", 8080), pool(CHECK, 20, 3000)).line(),
                is("add server web/web-0a1b2c3d 127.0.0.7:8080 check inter 500 rise 3 fall 2 maxconn 20 slowstart 3000ms"));
    }

    @Test
    void startUpIsOneLineSoNoRequestSlipsInBetween() {
        assertThat(Commands.startUp(WEB).line(),
                is("enable health web/web-0a1b2c3d; set server web/web-0a1b2c3d state ready; "
                        + "set server web/web-0a1b2c3d health up"));
    }

    @Test
    void drainMaintenanceDeleteAndAddress() {
        ServerRef s = new ServerRef("web", "s");
        assertThat(Commands.drain(s).line(), is("set server web/s state drain"));
        assertThat(Commands.maintenance(s).line(), is("set server web/s state maint"));
        assertThat(Commands.delete(s).line(), is("del server web/s"));
        assertThat(Commands.setAddress(s, new ServerAddress("127.0.0.8", 8081)).line(),
                is("set server web/s addr 127.0.0.8 port 8081"));
        assertThat(Commands.showStat().line(), is("show stat -1 6 -1"));
        assertThat(Commands.showServersState("web.v2_b-1").line(), is("show servers state web.v2_b-1"));
    }

    /** Row: what is forged, and the command built with it. Each is refused before any line exists. */
    static Stream<Arguments> injections() {
        return Stream.of(
                row("host with extra commands", () -> add("web", "s", FORGED, 8080)),
                row("host with ';'", () -> add("web", "s", "127.0.0.1;show info", 8080)),
                row("host with a newline", () -> add("web", "s", "127.0.0.1\nshow info", 8080)),
                row("host with CR", () -> add("web", "s", "127.0.0.1\rshow info", 8080)),
                row("host with a space", () -> add("web", "s", "127.0.0.1 check", 8080)),
                row("host with '#'", () -> add("web", "s", "127.0.0.1#x", 8080)),
                row("host that is a name", () -> add("web", "s", "kafka", 8080)),
                row("host that is empty", () -> add("web", "s", "", 8080)),
                row("host too long", () -> add("web", "s", "1".repeat(100), 8080)),
                row("port 0", () -> add("web", "s", "127.0.0.1", 0)),
                row("port 65536", () -> add("web", "s", "127.0.0.1", 65536)),
                row("port negative", () -> add("web", "s", "127.0.0.1", -1)),
                row("server with ';'", () -> Commands.drain(new ServerRef("web", "s;disable frontend web"))),
                row("server with a newline", () -> Commands.drain(new ServerRef("web", "s\ndisable frontend web"))),
                row("server with CR", () -> Commands.drain(new ServerRef("web", "s\rdisable frontend web"))),
                row("server with a space", () -> Commands.drain(new ServerRef("web", "s state ready"))),
                row("server with '#'", () -> Commands.drain(new ServerRef("web", "s#"))),
                row("server with a double quote", () -> Commands.drain(new ServerRef("web", "s\""))),
                row("server with a single quote", () -> Commands.drain(new ServerRef("web", "s'"))),
                row("server with a backslash", () -> Commands.drain(new ServerRef("web", "s\\"))),
                row("server with '/'", () -> Commands.drain(new ServerRef("web", "other/s"))),
                row("server too long", () -> Commands.drain(new ServerRef("web", LONG))),
                row("server empty", () -> Commands.delete(new ServerRef("web", ""))),
                row("server null", () -> Commands.delete(new ServerRef("web", null))),
                row("backend with ';'", () -> Commands.delete(new ServerRef("web;show info", "s"))),
                row("backend with a tab", () -> Commands.maintenance(new ServerRef("web\tx", "s"))),
                row("backend too long", () -> Commands.showServersState(LONG)),
                row("backend of a show with a newline", () -> Commands.showServersState("web\nshow info")),
                row("readdress to a forged host", () -> Commands.setAddress(WEB, new ServerAddress(FORGED, 8080))),
                row("readdress to a bracketed IPv6", () -> Commands.setAddress(WEB, new ServerAddress("[::1]", 80))),
                row("check interval 0", () -> Commands.addServer(WEB, new ServerAddress("127.0.0.1", 80),
                        pool(new PoolSpec.HealthCheck("/health", 0, 2, 2, null, null), 0, 0))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("injections")
    void injectionsAreRefusedBeforeAnyCommandLine(String what, Supplier<Command> build) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, build::get);
        assertThat(refused.getMessage(), containsString("refused HAProxy"));
        assertThat(refused.getMessage().contains("\n") || refused.getMessage().contains("\r"), is(false));
    }

    private static Command add(String backend, String server, String host, int port) {
        return Commands.addServer(new ServerRef(backend, server), new ServerAddress(host, port), POOL);
    }

    /** A pool of these checks, maxconn and slow start (0: none). */
    static PoolSpec pool(PoolSpec.HealthCheck check, int maxConn, long slowStartMs) {
        return new PoolSpec("web", "img", null, null, null, null, null, null, check, null, null, null, null, null,
                null, null, null, maxConn, slowStartMs);
    }

    private static Arguments row(String what, Supplier<Command> build) {
        return Arguments.of(what, build);
    }
}
