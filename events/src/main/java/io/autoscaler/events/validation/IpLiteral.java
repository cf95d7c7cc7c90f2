package io.autoscaler.events.validation;

import java.util.regex.Pattern;

/**
 * Whether a string is an IPv4 or IPv6 address written out, checked by its text alone: unlike
 * {@code InetAddress.getByName}, nothing here ever resolves a name. No zone ids, no brackets.
 */
public final class IpLiteral {
    private static final Pattern V4 = Pattern.compile(
            "((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])");
    private static final Pattern HEX_GROUP = Pattern.compile("[0-9A-Fa-f]{1,4}");
    private static final int MAX_LENGTH = 45;

    private IpLiteral() {
    }

    public static boolean isLiteral(String text) {
        return text != null && text.length() <= MAX_LENGTH && (isV4(text) || isV6(text));
    }

    static boolean isV4(String text) {
        return V4.matcher(text).matches();
    }

    static boolean isV6(String text) {
        int gap = text.indexOf("::");
        if (gap < 0) {
            return groups(text, true) == 8;
        }
        if (text.indexOf("::", gap + 1) >= 0) {
            return false;
        }
        String head = text.substring(0, gap);
        String tail = text.substring(gap + 2);
        int headGroups = head.isEmpty() ? 0 : groups(head, false);
        int tailGroups = tail.isEmpty() ? 0 : groups(tail, true);
        return headGroups >= 0 && tailGroups >= 0 && headGroups + tailGroups <= 7;
    }

    /** How many 16-bit groups {@code text} holds (an IPv4 tail counts two), or -1 if it is malformed. */
    private static int groups(String text, boolean v4TailAllowed) {
        String[] parts = text.split(":", -1);
        int seen = 0;
        for (int i = 0; i < parts.length; i++) {
            boolean last = i == parts.length - 1;
            if (last && v4TailAllowed && isV4(parts[i])) {
                seen += 2;
            } else if (HEX_GROUP.matcher(parts[i]).matches()) {
                seen++;
            } else {
                return -1;
            }
        }
        return seen;
    }
}
