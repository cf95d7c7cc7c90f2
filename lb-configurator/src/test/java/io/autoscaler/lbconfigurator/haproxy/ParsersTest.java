package io.autoscaler.lbconfigurator.haproxy;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.autoscaler.lbconfigurator.haproxy.ServerState.Admin;

/** The parsers on answers captured from HAProxy 2.6.12: one server ready, one draining, one in maintenance. */
class ParsersTest {

    @Test
    void serversStateGivesAddressPortAndAdminState() {
        List<ServerState> servers = ServerState.parse(Captured.read("show-servers-state-app.txt"));
        assertThat(servers, contains(
                new ServerState("app", "app-aaaa0001", "127.0.0.1", 8404, 0, 0),
                new ServerState("app", "app-bbbb0002", "127.0.0.1", 8405, 0, 8),
                new ServerState("app", "app-cccc0003", "127.0.0.1", 8406, 0, 1)));
        assertThat(servers.stream().map(ServerState::admin).toList(), contains(Admin.READY, Admin.DRAIN, Admin.MAINT));
    }

    @Test
    void serversStateOfEveryBackendIncludesStaticServers() {
        List<ServerState> servers = ServerState.parse(Captured.read("show-servers-state-all.txt"));
        assertThat(servers.stream().map(s -> s.backend() + "/" + s.name()).toList(),
                containsInAnyOrder("app/app-aaaa0001", "app/app-bbbb0002", "app/app-cccc0003", "statsbe/static1", "hang/none",
                        "hashed/s1"));
    }

    @Test
    void serversStateOfAnEmptyBackendIsEmpty() {
        assertThat(ServerState.parse("1\n# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state "
                + "srv_uweight srv_iweight srv_time_since_last_change srv_check_status srv_check_result "
                + "srv_check_health srv_check_state srv_agent_state bk_f_forced_id srv_f_forced_id srv_fqdn srv_port "
                + "srvrecord srv_use_ssl srv_check_port srv_check_addr srv_agent_addr srv_agent_port\n\n"), empty());
    }

    @Test
    void serversStateRejectsAnAnswerWithoutHeader() {
        assertThrows(IllegalArgumentException.class, () -> ServerState.parse("Can't find backend.\n"));
    }

    @Test
    void statGivesStatusTrafficAndTheBackendAlgorithm() {
        List<StatRow> rows = StatRow.parse(Captured.read("show-stat-app.txt"));
        assertThat(rows.stream().map(r -> r.name() + " " + r.status()).toList(),
                contains("app-aaaa0001 DOWN", "app-bbbb0002 DOWN", "app-cccc0003 MAINT", "BACKEND DOWN"));
        StatRow backend = rows.get(3);
        assertThat(backend.isBackend(), is(true));
        assertThat(backend.algorithm(), is("leastconn"));
        StatRow first = rows.get(0);
        assertThat(List.of(first.sessions(), first.queued(), first.usedConnections()), contains(0, 0, 0));
        assertThat(first.address(), is("127.0.0.1:8404"));
    }

    @Test
    void statOfTheWholeProcessHasFrontendsBackendsAndStaticServers() {
        List<StatRow> rows = StatRow.parse(Captured.read("show-stat.txt"));
        assertThat(rows.stream().filter(r -> r.backend().equals("hashed") && r.isBackend())
                .map(StatRow::algorithm).toList(), contains("source"));
        assertThat(rows.stream().filter(r -> r.name().equals("static1")).map(StatRow::status).toList(), contains("UP"));
    }

    @Test
    void backendJoinsStateAndStat() {
        Backend app = Backend.of("app", StatRow.parse(Captured.read("show-stat-app.txt")),
                ServerState.parse(Captured.read("show-servers-state-app.txt")));
        assertThat(app.algorithm(), is("leastconn"));
        assertThat(app.acceptsDynamicServers(), is(true));
        assertThat(app.servers().stream().map(s -> s.name() + " " + s.admin() + " " + s.health()).toList(),
                contains("app-aaaa0001 READY DOWN", "app-bbbb0002 DRAIN DOWN", "app-cccc0003 MAINT null"));
        assertThat(app.servers().get(0).idle(), is(true));
    }

    @Test
    void aBackendBalancedBySourceCannotTakeRuntimeServers() {
        Backend hashed = Backend.of("hashed", StatRow.parse(Captured.read("show-stat.txt")),
                ServerState.parse(Captured.read("show-servers-state-all.txt")));
        assertThat(hashed.acceptsDynamicServers(), is(false));
    }

    @Test
    void infoGivesVersionPidAndUptime() {
        HaproxyInfo info = HaproxyInfo.parse(Captured.read("show-info.txt"));
        assertThat(info.pid(), is(8L));
        assertThat(info.version(), is("2.6.12-1+deb12u3"));
    }

    @Test
    void aNewPidOrAnUptimeThatDidNotKeepUpIsARestart() {
        HaproxyInfo before = new HaproxyInfo("2.6", 8, 100);
        Duration twoSeconds = Duration.ofSeconds(2);
        assertThat(before.restartedIn(new HaproxyInfo("2.6", 8, 102), twoSeconds), is(false));
        assertThat("rounding", before.restartedIn(new HaproxyInfo("2.6", 8, 101), twoSeconds), is(false));
        assertThat(before.restartedIn(new HaproxyInfo("2.6", 9, 102), twoSeconds), is(true));
        assertThat(before.restartedIn(new HaproxyInfo("2.6", 8, 3), twoSeconds), is(true));
        assertThat("unreachable for a minute, restarted 50 s ago with the same pid",
                before.restartedIn(new HaproxyInfo("2.6", 8, 50), Duration.ofSeconds(60)), is(true));
        assertThat(before.restartedIn(new HaproxyInfo("2.6", 8, 160), Duration.ofSeconds(60)), is(false));
    }
}
