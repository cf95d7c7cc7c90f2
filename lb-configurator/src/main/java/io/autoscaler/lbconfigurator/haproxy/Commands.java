package io.autoscaler.lbconfigurator.haproxy;

import io.autoscaler.events.PoolSpec;

/**
 * The runtime-API command lines the configurator sends, in one place: fixed keywords around checked
 * values. A value that could end a word or a command (a space, ';', a newline, '#', a quote, a name
 * that is not an IP literal) is refused with an {@link IllegalArgumentException} before any line is made.
 */
public final class Commands {
    private Commands() {
    }

    public static Command showInfo() {
        return new Command("show info");
    }

    /**
     * Every backend's own row and its servers' rows (types 2 + 4). Not filtered by name: a frontend
     * of the same name as the backend would be the one HAProxy picks.
     */
    public static Command showStat() {
        return new Command("show stat -1 6 -1");
    }

    public static Command showServersState(String backend) {
        return new Command("show servers state " + ServerRef.requireName("backend", backend));
    }

    /**
     * A new server with health checks. HAProxy creates it in maintenance, so no request reaches it
     * before {@link #startDown} releases it.
     */
    public static Command addServer(ServerRef server, ServerAddress address, PoolSpec.HealthCheck check) {
        return new Command("add server %s %s check inter %d rise %d fall %d".formatted(server, address,
                positive("inter", check.intervalMs()), positive("rise", check.rise()), positive("fall", check.fall())));
    }

    /**
     * Out of maintenance but DOWN, on one line: HAProxy 2.6 counts a checked server as UP before its
     * first check, so the server must be forced down until {@code rise} checks pass.
     */
    public static Command startDown(ServerRef server) {
        return new Command("enable health " + server + "; set server " + server + " state ready; set server " + server
                + " health down");
    }

    public static Command setAddress(ServerRef server, ServerAddress address) {
        return new Command("set server %s addr %s port %d".formatted(server, address.ip(), address.port()));
    }

    public static Command drain(ServerRef server) {
        return new Command("set server " + server + " state drain");
    }

    public static Command maintenance(ServerRef server) {
        return new Command("set server " + server + " state maint");
    }

    public static Command delete(ServerRef server) {
        return new Command("del server " + server);
    }

    private static int positive(String what, Integer value) {
        if (value == null || value < 1) {
            throw new IllegalArgumentException("refused HAProxy check " + what + " " + value + ": must be at least 1");
        }
        return value;
    }
}
