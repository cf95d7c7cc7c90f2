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

    /** Every server of every backend, in the format of HAProxy's {@code server-state-file}. */
    public static Command showAllServersState() {
        return new Command("show servers state");
    }

    /**
     * A new server with the pool's health checks, {@code maxconn} and {@code slowstart} (when set). HAProxy
     * creates it in maintenance, so no request reaches it before {@link #startUp} releases it.
     */
    public static Command addServer(ServerRef server, ServerAddress address, PoolSpec pool) {
        return new Command("add server " + server + " " + address + ConfigWords.serverOptions(pool));
    }

    /**
     * Out of maintenance and UP, on one line: the provisioner has already probed the instance ready, so it
     * serves at once (ramping up over {@code slowstart}, if set); its checks go on and take it DOWN after
     * {@code fall} failures.
     */
    public static Command startUp(ServerRef server) {
        return new Command("enable health " + server + "; set server " + server + " state ready; set server " + server
                + " health up");
    }

    /**
     * Recomputes the dynamic cookie of every server of the backend: HAProxy 2.6 gives a server added at
     * runtime an empty one until then, so cookie stickiness would never stick to it.
     */
    public static Command enableDynamicCookies(String backend) {
        return new Command("enable dynamic-cookie backend " + ServerRef.requireName("backend", backend));
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
}
