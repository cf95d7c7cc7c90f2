package io.autoscaler.tools;

import java.util.regex.Pattern;

/**
 * A {@code Host} header for requests to HAProxy's one address that a host route must match. Java's
 * HTTP client refuses to set it unless told before its first use, and a value is checked so that it
 * cannot carry a second header.
 */
public final class HostHeader {
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?(:[0-9]{1,5})?");

    private HostHeader() {
    }

    /** Lets the HTTP client send a Host header of ours; call before any client or request is built. */
    public static void allow() {
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
    }

    public static String require(String host) {
        if (!NAME.matcher(host).matches()) {
            throw new IllegalArgumentException("not a host name: '" + host + "' (lowercase letters, digits, '.', '-', an optional :port)");
        }
        return host;
    }
}
