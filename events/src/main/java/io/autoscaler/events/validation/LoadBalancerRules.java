package io.autoscaler.events.validation;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

import io.autoscaler.events.PoolSpec;

/**
 * The rules of a pool's load-balancer fields. The lb-configurator writes these values into HAProxy's
 * configuration, so each is one of a closed set or made only of characters no HAProxy parser gives a
 * meaning to: no space, '#', quote, backslash or control character (they end a word or a line, or
 * start a comment), no '$' (a variable inside double quotes) and no ';' (the runtime API's command
 * separator).
 */
final class LoadBalancerRules {
    /** The algorithms HAProxy can add servers to at runtime, besides {@code hdr(<name>)}. */
    private static final List<String> BALANCE = List.of("roundrobin", "leastconn", "first", "source", "uri");
    private static final Pattern HEADER_BALANCE = Pattern.compile("hdr\\([A-Za-z0-9-]{1,64}\\)");
    /** HAProxy's algorithms whose backends take no server at runtime: worth a specific answer. */
    private static final Pattern STATIC_BALANCE = Pattern.compile("static-rr|url_param\\b.*|rdp-cookie\\b.*|.*map-based.*");
    private static final String BALANCE_RULE = "one of " + String.join(", ", BALANCE)
            + " or hdr(<header>) with a header name of 1 to 64 letters, digits and '-'";
    private static final List<String> STICKINESS = List.of("off", "source", "cookie");
    private static final int MAX_ROUTE_ENTRIES = 16;
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final int MAX_HOST = 253;
    private static final int MAX_PATH = 200;
    private static final String PATH_CHARS = "letters, digits, '._~/!&()*+,=:@-' and %XX escapes";

    private LoadBalancerRules() {
    }

    static void check(Checks c, PoolSpec spec) {
        balance(c, spec.balance());
        if (!STICKINESS.contains(spec.stickiness())) {
            c.fail("stickiness", "must be one of " + String.join(", ", STICKINESS));
        }
        c.range("maxConnPerInstance", spec.maxConnPerInstance(), 0, 100_000);
        c.range("slowStartMs", spec.slowStartMs(), 0, 3_600_000);
        each(c, "route.hosts", spec.route().hosts(), (field, host) -> host(c, field, host));
        each(c, "route.paths", spec.route().paths(), (field, path) -> {
            String problem = pathProblem(path);
            if (problem != null) {
                c.fail(field, problem);
            }
        });
    }

    private static void balance(Checks c, String balance) {
        if (BALANCE.contains(balance) || HEADER_BALANCE.matcher(balance).matches()) {
            return;
        }
        if (STATIC_BALANCE.matcher(balance).matches()) {
            c.fail("balance", "HAProxy cannot add servers at runtime to a backend balanced by static-rr, "
                    + "url_param, rdp-cookie or map-based hashing; must be " + BALANCE_RULE);
        } else {
            c.fail("balance", "must be " + BALANCE_RULE);
        }
    }

    /** At most {@link #MAX_ROUTE_ENTRIES} entries, none twice, each kept by {@code rule} (a null entry cannot decode). */
    private static void each(Checks c, String field, List<String> values, BiConsumer<String, String> rule) {
        if (values.size() > MAX_ROUTE_ENTRIES) {
            c.fail(field, "must have at most " + MAX_ROUTE_ENTRIES + " entries, has " + values.size());
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < values.size(); i++) {
            String at = field + "[" + i + "]";
            String value = values.get(i);
            if (!seen.add(value)) {
                c.fail(at, "appears twice");
            } else {
                rule.accept(at, value);
            }
        }
    }

    /**
     * A host name as the Host header carries it, without port. Upper case is refused rather than
     * lowered, so that the stored spec is the one sent; HAProxy matches the header case-insensitively.
     */
    private static void host(Checks c, String field, String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        if (host.indexOf('*') >= 0) {
            c.fail(field, "must not be a wildcard: list each host name");
        } else if (host.indexOf(':') >= 0) {
            c.fail(field, "must be a host name without a port");
        } else if (host.length() > MAX_HOST) {
            c.fail(field, "must be at most " + MAX_HOST + " characters, was " + host.length());
        } else if (!isDnsName(host)) {
            c.fail(field, isDnsName(lower) ? "must be lower case: '" + lower + "'"
                    : "must be a DNS name: dot-separated labels of a-z, 0-9 and '-' (not at either end), "
                            + "at most 63 characters each");
        }
    }

    private static boolean isDnsName(String host) {
        for (String label : host.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    /** The HAProxy check's request line and the provisioner's probe: a safe path, then an optional query. */
    static void healthPath(Checks c, String value) {
        if (!c.present("healthCheck.path", value)) {
            return;
        }
        int query = value.indexOf('?');
        String problem = pathProblem(query < 0 ? value : value.substring(0, query));
        if (problem == null && query >= 0) {
            String rest = value.substring(query + 1);
            problem = rest.length() > MAX_PATH ? "its query must be at most " + MAX_PATH + " characters"
                    : charsProblem(rest, query + 1);
        }
        if (problem != null) {
            c.fail("healthCheck.path", problem);
        }
    }

    /** Why {@code path} is not a path the lb-configurator may write, or null when it is. */
    private static String pathProblem(String path) {
        if (!path.startsWith("/")) {
            return "must start with '/'";
        }
        if (path.length() > MAX_PATH) {
            return "must be at most " + MAX_PATH + " characters, was " + path.length();
        }
        return charsProblem(path, 0);
    }

    /** The first character outside the safe set, named with its position ({@code offset} onwards). */
    private static String charsProblem(String text, int offset) {
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '%') {
                if (i + 2 >= text.length() || !isHex(text.charAt(i + 1)) || !isHex(text.charAt(i + 2))) {
                    return "'%' at " + (offset + i) + " must start an escape of two hex digits, as in %20";
                }
                i += 2;
            } else if (!isSafe(ch)) {
                return "must not contain " + shown(ch) + " (at " + (offset + i) + "); may contain " + PATH_CHARS;
            }
        }
        return null;
    }

    private static boolean isSafe(char ch) {
        return ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9'
                || "._~/!&()*+,=:@-".indexOf(ch) >= 0;
    }

    private static boolean isHex(char ch) {
        return Character.digit(ch, 16) >= 0 && ch < 128;
    }

    /** A character as a reason may show it: printable ones quoted, others by code point. */
    private static String shown(char ch) {
        if (ch == ' ') {
            return "a space";
        }
        return ch > ' ' && ch < 127 ? "'" + ch + "'" : String.format("U+%04X", (int) ch);
    }
}
