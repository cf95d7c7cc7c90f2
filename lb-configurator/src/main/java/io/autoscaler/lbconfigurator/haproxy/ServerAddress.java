package io.autoscaler.lbconfigurator.haproxy;

import io.autoscaler.events.validation.IpLiteral;

/** Where a server is reached: an IPv4 or IPv6 literal (never a name to resolve) and a port. */
public record ServerAddress(String ip, int port) {
    public ServerAddress {
        if (!IpLiteral.isLiteral(ip)) {
            throw new IllegalArgumentException("refused HAProxy server address " + Printable.of(ip)
                    + ": must be an IPv4 or IPv6 literal");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("refused HAProxy server port " + port + ": must be 1..65535");
        }
    }

    /** HAProxy takes the port after the last ':', for IPv6 addresses as well. */
    @Override
    public String toString() {
        return ip + ":" + port;
    }
}
