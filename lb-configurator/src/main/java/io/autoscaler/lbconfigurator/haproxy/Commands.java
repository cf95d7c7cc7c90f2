package io.autoscaler.lbconfigurator.haproxy;

import io.autoscaler.events.PoolSpec;

/** The runtime-API command lines the configurator sends, in one place. */
public final class Commands {
    private Commands() {
    }

    public static String showInfo() {
        return "show info";
    }

    /**
     * Every backend's own row and its servers' rows (types 2 + 4). Not filtered by name: a frontend
     * of the same name as the backend would be the one HAProxy picks.
     */
    public static String showStat() {
        return "show stat -1 6 -1";
    }

    public static String showServersState(String backend) {
        return "show servers state " + backend;
    }

    /**
     * A new server with health checks. HAProxy creates it in maintenance, so no request reaches it
     * before {@link #startDown} releases it.
     */
    public static String addServer(String backend, String server, String address, int port,
            PoolSpec.HealthCheck check) {
        return "add server %s/%s %s:%d check inter %d rise %d fall %d".formatted(backend, server, address, port,
                check.intervalMs(), check.rise(), check.fall());
    }

    /**
     * Out of maintenance but DOWN, on one line: HAProxy 2.6 counts a checked server as UP before its
     * first check, so the server must be forced down until {@code rise} checks pass.
     */
    public static String startDown(String backend, String server) {
        String s = backend + "/" + server;
        return "enable health " + s + "; set server " + s + " state ready; set server " + s + " health down";
    }

    public static String setAddress(String backend, String server, String address, int port) {
        return "set server %s/%s addr %s port %d".formatted(backend, server, address, port);
    }

    public static String drain(String backend, String server) {
        return "set server " + backend + "/" + server + " state drain";
    }

    public static String maintenance(String backend, String server) {
        return "set server " + backend + "/" + server + " state maint";
    }

    public static String delete(String backend, String server) {
        return "del server " + backend + "/" + server;
    }
}
