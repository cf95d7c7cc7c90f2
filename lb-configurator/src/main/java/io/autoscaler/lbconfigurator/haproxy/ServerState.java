package io.autoscaler.lbconfigurator.haproxy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One line of {@code show servers state}: where a server points and its administrative state.
 * Columns are found by the header's names, so versions that add columns still parse.
 */
public record ServerState(String backend, String name, String address, int port, int operationalState,
        int adminState) {

    /** SRV_ADMF_FMAINT, IMAINT, CMAINT, RMAINT and HMAINT: any maintenance source. */
    private static final int MAINT_FLAGS = 0x01 | 0x02 | 0x04 | 0x20 | 0x40;
    /** SRV_ADMF_FDRAIN and IDRAIN. */
    private static final int DRAIN_FLAGS = 0x08 | 0x10;

    public Admin admin() {
        if ((adminState & MAINT_FLAGS) != 0) {
            return Admin.MAINT;
        }
        return (adminState & DRAIN_FLAGS) != 0 ? Admin.DRAIN : Admin.READY;
    }

    public enum Admin {
        READY, DRAIN, MAINT
    }

    public static List<ServerState> parse(String response) {
        List<ServerState> servers = new ArrayList<>();
        Map<String, Integer> column = null;
        for (String line : response.split("\n")) {
            String text = line.strip();
            if (text.startsWith("#")) {
                column = columns(text.substring(1).strip().split("\\s+"));
            } else if (!text.isEmpty() && column != null) {
                String[] f = text.split("\\s+");
                servers.add(new ServerState(f[column.get("be_name")], f[column.get("srv_name")],
                        f[column.get("srv_addr")], Integer.parseInt(f[column.get("srv_port")]),
                        Integer.parseInt(f[column.get("srv_op_state")]),
                        Integer.parseInt(f[column.get("srv_admin_state")])));
            }
        }
        if (column == null) {
            throw new IllegalArgumentException("not a 'show servers state' answer: no header line");
        }
        return servers;
    }

    static Map<String, Integer> columns(String[] names) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < names.length; i++) {
            index.put(names[i], i);
        }
        return index;
    }
}
