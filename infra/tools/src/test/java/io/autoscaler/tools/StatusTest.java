package io.autoscaler.tools;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.autoscaler.events.PoolMembership;
import io.autoscaler.events.PoolSpec;
import io.autoscaler.events.ScaleDecision;
import io.autoscaler.events.json.EventJson;
import io.autoscaler.tools.Status.ServerRow;

class StatusTest {
    // The header layout of HAProxy 2.6 (trimmed to the columns up to 'status' plus a few); 2.8+ appends columns.
    private static final String CSV = """
            # pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,dreq,dresp,ereq,econ,eresp,wretr,wredis,status,weight,extra26
            web,FRONTEND,,,3,5,,10,0,0,0,0,0,,,,,OPEN,,
            demo,demo-aaaa0001,0,0,2,3,,5,0,0,,0,,0,0,0,0,UP,1,
            demo,demo-bbbb0002,0,0,0,1,,1,0,0,,0,,0,0,0,0,DRAIN,1,
            demo,demo-cccc0003,0,0,0,0,,0,0,0,,0,,0,0,0,0,MAINT,1,
            demo,BACKEND,0,0,2,3,,6,0,0,0,0,,0,0,0,0,UP,2,
            """;

    @ParameterizedTest
    @CsvSource({"demo-aaaa0001, UP, 2", "demo-bbbb0002, DRAIN, 0", "demo-cccc0003, MAINT, 0"})
    void serverRowsAreReadByHeaderName(String server, String status, int sessions) {
        ServerRow row = ServerRow.parse(CSV).stream().filter(r -> r.server().equals(server)).findFirst().orElseThrow();
        assertEquals(new ServerRow("demo", server, status, sessions), row);
    }

    @Test
    void frontendAndBackendRowsAreNotServers() {
        assertEquals(3, ServerRow.parse(CSV).size());
    }

    @Test
    void aPoolShowsItsBoundsDecisionAndEachInstanceNextToItsServer() {
        String out = Status.render(Map.of("demo", decode(PoolSpec.class, """
                {"name":"demo","image":"autoscaler/demo-app:latest","minReplicas":1,"maxReplicas":8}""")),
                Map.of("demo", decode(ScaleDecision.class, """
                        {"id":"5b1c8f0e-2a41-4c5e-9d7a-0f3e6b2a9c11","pool":"demo","type":"SCALE","currentReplicas":2,
                         "desiredReplicas":3,"reason":"cpu 80 vs target 50","dryRun":false,"timestamp":"2026-11-22T10:00:02.000Z"}""")),
                Map.of("demo", decode(PoolMembership.class, """
                        {"pool":"demo","generation":4,"desiredReplicas":3,"timestamp":"2026-11-22T10:00:03.000Z",
                         "instances":[{"instanceId":"aaaa0001","host":"172.20.0.5","port":8080,"state":"RUNNING"},
                                      {"instanceId":"bbbb0002","host":"172.20.0.6","port":8080,"state":"DRAINING"}]}""")),
                ServerRow.parse(CSV));
        assertThat(out, containsString("pool demo  image autoscaler/demo-app:latest  min 1  max 8  instances 2  desired 3"));
        assertThat(out, containsString("last decision 2026-11-22T10:00:02Z SCALE: cpu 80 vs target 50"));
        assertThat(out, containsString("demo-aaaa0001            RUNNING   172.20.0.5:8080       haproxy UP, 2 sessions"));
        assertThat(out, containsString("demo-bbbb0002            DRAINING  172.20.0.6:8080       haproxy DRAIN, 0 sessions"));
        // a server HAProxy has that membership does not list is shown, because it is what someone must look at
        assertThat(out, containsString("demo-cccc0003            -         (not in membership)   haproxy MAINT, 0 sessions"));
    }

    @Test
    void noPoolsSaysHowToCreateOne() {
        assertThat(Status.render(Map.of(), Map.of(), Map.of(), List.of()), containsString("PUT /pools/{name}"));
    }

    private static <T> T decode(Class<T> type, String json) {
        return EventJson.decode(json.getBytes(StandardCharsets.UTF_8), type);
    }
}
