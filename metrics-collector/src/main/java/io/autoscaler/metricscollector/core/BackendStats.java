package io.autoscaler.metricscollector.core;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.autoscaler.events.HaproxySnapshot;
import io.autoscaler.events.Naming;

/** Turns the statistics table into one pool's {@link HaproxySnapshot}. */
public final class BackendStats {
    private BackendStats() {
    }

    /**
     * The snapshot of {@code backend} for {@code pool}: one entry per server row, totals from the
     * BACKEND row, with its count of 5xx responses. Empty when HAProxy has no such backend (a misnamed
     * backend is not an idle one).
     */
    public static Optional<HaproxySnapshot> snapshot(String pool, String backend, List<StatsCsv.Row> table,
            Instant at) {
        List<StatsCsv.Row> rows = table.stream().filter(r -> backend.equals(r.proxy())).toList();
        Optional<StatsCsv.Row> total = rows.stream().filter(StatsCsv.Row::isBackendTotal).findFirst();
        if (total.isEmpty()) {
            return Optional.empty();
        }
        List<HaproxySnapshot.Server> servers = rows.stream()
                .filter(r -> !r.isBackendTotal() && !r.isFrontend())
                .map(r -> server(pool, r))
                .toList();
        StatsCsv.Row t = total.get();
        HaproxySnapshot.Totals totals = new HaproxySnapshot.Totals((int) t.number("scur"), (int) t.number("qcur"),
                t.number("rate"), t.number("hrsp_5xx"));
        return Optional.of(new HaproxySnapshot(pool, backend, at, servers, totals));
    }

    private static HaproxySnapshot.Server server(String pool, StatsCsv.Row r) {
        return new HaproxySnapshot.Server(r.service(), Naming.instanceId(pool, r.service()).orElse(null),
                r.text("status").trim(), (int) r.number("scur"), (int) r.number("qcur"), r.number("rate"),
                r.number("rtime"), checkStatus(r.text("check_status")), (int) r.number("weight"));
    }

    /**
     * HAProxy prefixes the last result with "* " while a check is running; the result is what counts.
     * A server without checks has none (null).
     */
    static String checkStatus(String field) {
        String status = field.trim();
        status = status.startsWith("* ") ? status.substring(2).trim() : status;
        return status.isEmpty() ? null : status;
    }
}
