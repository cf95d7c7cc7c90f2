package io.autoscaler.lbconfigurator.haproxy;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.autoscaler.events.PoolSpec;

/**
 * The values the generated configuration carries, each checked against a strict charset before it
 * becomes a word of a line: nothing that could end a word, start a comment, quote or escape (space,
 * '#', quotes, backslash, control characters) ever passes, so no value can add a line, a keyword or a
 * comment. Each refusal is an {@link IllegalArgumentException} naming the value and the rule.
 */
public final class ConfigWords {
    private static final Pattern HOST = Pattern.compile(
            "(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
    private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9._~/%+=&?-]{0,255}");
    private static final Pattern HEADER = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final Pattern FILE = Pattern.compile("/[A-Za-z0-9._/-]{0,1023}");
    private static final Pattern BIND = Pattern.compile("(\\*|[A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}]):(\\d{1,5})");
    private static final Pattern HASH_ON_HEADER = Pattern.compile("hdr\\((.*)\\)");
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9]{16,128}");

    private ConfigWords() {
    }

    /** A backend or server name. */
    public static String name(String value) {
        return ServerRef.requireName("backend", value);
    }

    /** A host name as routes match it: a lower-case DNS name, no port. */
    public static String host(String value) {
        return require("host name", value == null ? null : value.toLowerCase(Locale.ROOT), HOST,
                "a DNS name of a-z, 0-9, '-' and '.'");
    }

    /** A path prefix of a route or a health check: '/' then URL characters. */
    public static String path(String value) {
        return require("path", value, PATH, "'/' then at most 255 of A-Z a-z 0-9 . _ ~ / % + = & ? -");
    }

    /** A request header name (for {@code balance hdr(name)}). */
    public static String header(String value) {
        return require("header name", value, HEADER, "letters, digits and '-', at most 64");
    }

    /** An absolute file path (the server-state file). */
    public static String file(String value) {
        return require("file path", value, FILE, "an absolute path of A-Z a-z 0-9 . _ / -");
    }

    /** A dynamic-cookie key: letters and digits. */
    public static String cookieKey(String value) {
        return require("cookie key", value, KEY, "16 to 128 letters and digits");
    }

    /** A frontend bind, host (or '*', or [IPv6]) and port. */
    public static String bind(String value) {
        String bind = require("bind", value, BIND, "host, '*' or [IPv6], then ':' and a port 1..65535");
        Matcher m = BIND.matcher(bind);
        m.matches();
        int port = Integer.parseInt(m.group(2));
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("refused HAProxy bind " + Printable.of(value) + ": port must be 1..65535");
        }
        return bind;
    }

    /**
     * A balance algorithm that takes servers at runtime, as its backend lines: {@code roundrobin},
     * {@code leastconn}, {@code first}; the hashes {@code source}, {@code uri}, {@code hdr(name)} only with
     * {@code hash-type consistent} (HAProxy refuses dynamic servers in map-based hashing).
     */
    public static java.util.List<String> balance(String value) {
        if (value == null) {
            throw new IllegalArgumentException("refused HAProxy balance null");
        }
        switch (value) {
            case "roundrobin", "leastconn", "first" -> {
                return java.util.List.of("balance " + value);
            }
            case "source", "uri" -> {
                return java.util.List.of("balance " + value, "hash-type consistent");
            }
            default -> {
                Matcher hdr = HASH_ON_HEADER.matcher(value);
                if (hdr.matches()) {
                    return java.util.List.of("balance hdr(" + header(hdr.group(1)) + ")", "hash-type consistent");
                }
                throw new IllegalArgumentException("refused HAProxy balance " + Printable.of(value)
                        + ": must be roundrobin, leastconn, first, source, uri or hdr(<name>)");
            }
        }
    }

    /** The words after a server's address: the pool's check, and maxconn / slowstart when set. */
    public static String serverOptions(PoolSpec pool) {
        PoolSpec.HealthCheck check = pool.healthCheck();
        StringBuilder options = new StringBuilder(" check inter %d rise %d fall %d".formatted(
                atLeastOne("inter", check.intervalMs()), atLeastOne("rise", check.rise()),
                atLeastOne("fall", check.fall())));
        if (pool.maxConnPerInstance() > 0) {
            options.append(" maxconn ").append(pool.maxConnPerInstance());
        }
        if (pool.slowStartMs() > 0) {
            options.append(" slowstart ").append(pool.slowStartMs()).append("ms");
        }
        return options.toString();
    }

    private static int atLeastOne(String what, Integer value) {
        if (value == null || value < 1) {
            throw new IllegalArgumentException("refused HAProxy check " + what + " " + value + ": must be at least 1");
        }
        return value;
    }

    private static String require(String what, String value, Pattern rule, String ruleText) {
        if (value == null || !rule.matcher(value).matches()) {
            throw new IllegalArgumentException("refused HAProxy " + what + " " + Printable.of(value) + ": must be "
                    + ruleText);
        }
        return value;
    }
}
