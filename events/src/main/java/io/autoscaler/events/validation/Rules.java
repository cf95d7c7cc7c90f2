package io.autoscaler.events.validation;

import java.util.regex.Pattern;

/** The name and text rules every record and the API share. */
public final class Rules {
    /** Lower-case DNS label: pool names and instance ids, usable in container and HAProxy server names. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    public static final String NAME_RULE = "a lower-case DNS label: a-z, 0-9 and '-', at most 63 characters";
    /** An HAProxy backend or server name as the runtime API gets it: nothing that could end a word. */
    public static final Pattern HAPROXY_NAME = Pattern.compile("[A-Za-z0-9._-]{1,127}");
    public static final String HAPROXY_NAME_RULE = "letters, digits, '.', '_' and '-', at most 127 characters";
    /**
     * A node a collector speaks for: a host name label as Docker and Swarm report them (mixed case
     * allowed), at most 63 characters, or several joined by dots.
     */
    public static final Pattern NODE = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,61}[A-Za-z0-9])?");
    public static final String NODE_RULE = "a host name: letters, digits, '-' and '.', at most 63 characters, "
            + "starting and ending with a letter or digit";
    /**
     * What stands behind an instance: a Docker container id (hex, short 12 or full 64) or, with placement
     * {@code swarm}, the id of its single-replica Swarm service (25 lower-case letters and digits).
     */
    public static final Pattern CONTAINER_ID = Pattern.compile("[a-f0-9]{12,64}|[a-z0-9]{25}");
    public static final String CONTAINER_ID_RULE = "a Docker container id (12 to 64 lower-case hex digits) "
            + "or a Swarm service id (25 lower-case letters and digits)";
    private static final int SERVICE_ID_LENGTH = 25;
    /** The longest free text (reasons, statuses) a record may carry. */
    public static final int MAX_TEXT = 2048;

    private Rules() {
    }

    /**
     * Whether {@code value} matches {@code pattern} as a whole. The three patterns checked for every
     * instance of every snapshot are matched by hand: with the regexes they took most of a 20-instance
     * snapshot's validation (decision-engine's PlumbingCostBenchmark).
     */
    static boolean matches(Pattern pattern, String value) {
        if (pattern == NAME) {
            return isName(value);
        }
        if (pattern == CONTAINER_ID) {
            return isContainerId(value);
        }
        if (pattern == HAPROXY_NAME) {
            return isHaproxyName(value);
        }
        return pattern.matcher(value).matches();
    }

    private static boolean isName(String value) {
        int n = value.length();
        if (n == 0 || n > 63 || value.charAt(0) == '-' || value.charAt(n - 1) == '-') {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char ch = value.charAt(i);
            if (!(ch >= 'a' && ch <= 'z' || ch >= '0' && ch <= '9' || ch == '-')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isContainerId(String value) {
        int n = value.length();
        if (n < 12 || n > 64) {
            return false;
        }
        boolean hex = true;
        for (int i = 0; i < n; i++) {
            char ch = value.charAt(i);
            boolean digit = ch >= '0' && ch <= '9';
            if (!(digit || ch >= 'a' && ch <= 'z')) {
                return false;
            }
            hex &= digit || ch <= 'f';
        }
        return hex || n == SERVICE_ID_LENGTH;
    }

    private static boolean isHaproxyName(String value) {
        int n = value.length();
        if (n == 0 || n > 127) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char ch = value.charAt(i);
            if (!(ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || ch == '.' || ch == '_'
                    || ch == '-')) {
                return false;
            }
        }
        return true;
    }
}
