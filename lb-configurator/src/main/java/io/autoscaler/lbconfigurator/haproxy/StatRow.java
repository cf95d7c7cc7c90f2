package io.autoscaler.lbconfigurator.haproxy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One row of {@code show stat} (CSV): a server's traffic and check status, or the backend's own row
 * ({@code name} = BACKEND, with the balance algorithm). Columns are found by the header's names.
 */
public record StatRow(String backend, String name, String status, int sessions, int queued, int usedConnections,
        String address, String algorithm) {

    public static final String BACKEND = "BACKEND";

    public boolean isBackend() {
        return BACKEND.equals(name);
    }

    public static List<StatRow> parse(String csv) {
        List<StatRow> rows = new ArrayList<>();
        Map<String, Integer> column = null;
        for (String line : csv.split("\n")) {
            if (line.startsWith("#")) {
                column = ServerState.columns(line.substring(1).strip().split(",", -1));
            } else if (!line.isBlank() && column != null) {
                String[] f = line.split(",", -1);
                rows.add(new StatRow(field(f, column, "pxname"), field(f, column, "svname"),
                        field(f, column, "status"), number(f, column, "scur"), number(f, column, "qcur"),
                        number(f, column, "used_conn_cur"), field(f, column, "addr"), field(f, column, "algo")));
            }
        }
        if (column == null) {
            throw new IllegalArgumentException("not a 'show stat' answer: no header line");
        }
        return rows;
    }

    private static String field(String[] fields, Map<String, Integer> column, String name) {
        Integer i = column.get(name);
        return i == null || i >= fields.length ? "" : fields[i];
    }

    private static int number(String[] fields, Map<String, Integer> column, String name) {
        String value = field(fields, column, name);
        return value.isEmpty() ? 0 : Integer.parseInt(value);
    }
}
