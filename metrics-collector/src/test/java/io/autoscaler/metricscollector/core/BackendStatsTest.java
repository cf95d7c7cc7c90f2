package io.autoscaler.metricscollector.core;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.autoscaler.events.HaproxySnapshot;

class BackendStatsTest {
    private static final Instant AT = Instant.parse("2026-11-23T14:00:00.123Z");

    private static HaproxySnapshot snapshot(String fixture, String pool, String backend) {
        return BackendStats.snapshot(pool, backend, StatsCsv.parse(Fixtures.read(fixture)), AT).orElseThrow();
    }

    private static HaproxySnapshot.Server server(HaproxySnapshot snapshot, String name) {
        return snapshot.servers().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    @ParameterizedTest(name = "{0} {3}: {5}")
    @CsvSource(nullValues = "null", textBlock = """
            # fixture,          pool, backend, server,         instanceId, status,    sessions, queued, rate, rtime, checkStatus, weight
            stats-2.6.csv,      demo, demo,    demo-0a1b2c01,  0a1b2c01,   UP,        2,        0,      0,    6,     L7OK,        1
            stats-2.6.csv,      demo, demo,    demo-0a1b2c02,  0a1b2c02,   DRAIN,     0,        0,      0,    0,     L7OK,        1
            stats-2.6.csv,      demo, demo,    demo-0a1b2c03,  0a1b2c03,   MAINT,     0,        0,      0,    0,     null,        1
            stats-2.6.csv,      demo, demo,    demo-0a1b2c04,  0a1b2c04,   no check,  2,        0,      0,    18,    null,        1
            stats-2.6.csv,      demo, demo,    demo-0a1b2c05,  0a1b2c05,   DOWN,      0,        0,      0,    0,     L7STS,       1
            stats-2.6.csv,      demo, demo,    demo-0a1b2c06,  0a1b2c06,   UP 2/3,    1,        0,      0,    5,     L7TOUT,      1
            stats-2.6.csv,      demo, demo,    demo-0a1b2c07,  0a1b2c07,   DOWN 1/3,  0,        0,      0,    0,     L7OK,        1
            show-stat-2.6.txt,  demo, demo,    demo-0a1b2c06,  0a1b2c06,   UP 2/3,    1,        0,      0,    5,     L7TOUT,      1
            stats-3.x.csv,      shop, shop-be, shop-1f2e3d4c,  1f2e3d4c,   UP,        3,        2,      7,    42,    L7OK,        1
            stats-3.x.csv,      shop, shop-be, shop-2a2a2a2a,  2a2a2a2a,   UP 1/2,    1,        0,      2,    380,   L7TOUT,      1
            stats-3.x.csv,      shop, shop-be, shop-3b3b3b3b,  3b3b3b3b,   DOWN 1/2,  0,        0,      0,    0,     L7OK,        1
            stats-3.x.csv,      shop, shop-be, shop-4c4c4c4c,  4c4c4c4c,   DOWN,      0,        0,      0,    0,     L4CON,       1
            stats-3.x.csv,      shop, shop-be, shop-5d5d5d5d,  5d5d5d5d,   MAINT,     0,        0,      0,    0,     null,        1
            stats-3.x.csv,      shop, shop-be, shop-6e6e6e6e,  6e6e6e6e,   DRAIN,     1,        0,      0,    61,    L7OK,        0
            stats-3.x.csv,      shop, shop-be, shop-7f7f7f7f,  7f7f7f7f,   no check,  0,        0,      0,    55,    null,        1
            stats-3.x.csv,      shop, shop-be, static-web,     null,       UP,        1,        0,      1,    12,    L7OK,        2
            """)
    void readsEachServerRow(String fixture, String pool, String backend, String name, String instanceId, String status,
            int sessions, int queued, double rate, double rtime, String checkStatus, int weight) {
        HaproxySnapshot.Server server = server(snapshot(fixture, pool, backend), name);
        assertThat(server, equalTo(new HaproxySnapshot.Server(name, instanceId, status, sessions, queued, rate, rtime,
                checkStatus, weight)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            # fixture,       pool, backend, servers, sessions, queued, rate, 5xx
            stats-2.6.csv,     demo, demo,    7,       5,        0,      0,    3
            show-stat-2.6.txt, demo, demo,    7,       5,        0,      0,    3
            stats-3.x.csv,     shop, shop-be, 8,       6,        1,      9,    12
            """)
    void totalsComeFromTheBackendRow(String fixture, String pool, String backend, int servers, int sessions, int queued,
            double rate, long responses5xx) {
        HaproxySnapshot snapshot = snapshot(fixture, pool, backend);
        assertThat(snapshot.pool(), equalTo(pool));
        assertThat(snapshot.backend(), equalTo(backend));
        assertThat(snapshot.timestamp(), equalTo(AT));
        assertThat(snapshot.servers().size(), equalTo(servers));
        assertThat(snapshot.totals(), equalTo(new HaproxySnapshot.Totals(sessions, queued, rate, responses5xx)));
    }

    @ParameterizedTest
    @CsvSource(textBlock = """
            stats-2.6.csv, empty
            stats-3.x.csv, empty-be
            """)
    void anEmptyBackendHasNoServersAndZeroTotals(String fixture, String backend) {
        HaproxySnapshot snapshot = snapshot(fixture, "p", backend);
        assertThat(snapshot.servers(), is(empty()));
        assertThat(snapshot.totals(), equalTo(new HaproxySnapshot.Totals(0, 0, 0, 0L)));
    }

    @ParameterizedTest
    @ValueSource(strings = { "stats-2.6.csv", "stats-3.x.csv" })
    void aBackendHaproxyDoesNotHaveGivesNoSnapshot(String fixture) {
        assertThat(BackendStats.snapshot("p", "no-such-backend", StatsCsv.parse(Fixtures.read(fixture)), AT).isPresent(),
                is(false));
    }

    @Test
    void frontendsAndOtherBackendsStayOut() {
        HaproxySnapshot snapshot = snapshot("stats-3.x.csv", "shop", "shop-be");
        assertThat(snapshot.servers().stream().map(HaproxySnapshot.Server::name).filter(n -> !n.startsWith("shop-"))
                .toList(), contains("static-web"));
    }

    @Test
    void serversOfAnotherPoolSharingTheBackendHaveNoInstanceId() {
        HaproxySnapshot snapshot = snapshot("stats-3.x.csv", "sho", "shop-be");
        assertThat(server(snapshot, "shop-1f2e3d4c").instanceId(), is(nullValue()));
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", textBlock = """
            L7OK,      L7OK
            '* L7OK',  L7OK
            '* L4CON', L4CON
            '',        null
            """)
    void aCheckInProgressReportsItsLastResult(String field, String expected) {
        assertThat(BackendStats.checkStatus(field == null ? "" : field), equalTo(expected));
    }

    @Test
    void serversComeInHaproxyOrder() {
        List<String> names = snapshot("stats-2.6.csv", "demo", "demo").servers().stream()
                .map(HaproxySnapshot.Server::name).toList();
        assertThat(names, contains("demo-0a1b2c01", "demo-0a1b2c02", "demo-0a1b2c03", "demo-0a1b2c04",
                "demo-0a1b2c05", "demo-0a1b2c06", "demo-0a1b2c07"));
    }
}
