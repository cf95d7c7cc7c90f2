package io.autoscaler.lbconfigurator.haproxy;

import io.autoscaler.events.validation.Rules;

/**
 * A server of a backend as the runtime API names it, {@code backend/server}. Both names are checked
 * here, so no name can carry a second command, a comment or an argument into a command line.
 */
public record ServerRef(String backend, String server) {
    public ServerRef {
        requireName("backend", backend);
        requireName("server", server);
    }

    static String requireName(String what, String name) {
        if (name == null || !Rules.HAPROXY_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("refused HAProxy " + what + " name " + Printable.of(name) + ": must be "
                    + Rules.HAPROXY_NAME_RULE);
        }
        return name;
    }

    @Override
    public String toString() {
        return backend + "/" + server;
    }
}
