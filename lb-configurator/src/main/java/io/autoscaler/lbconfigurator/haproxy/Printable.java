package io.autoscaler.lbconfigurator.haproxy;

/** A refused value as a log line may show it: quoted, control characters escaped, cut short. */
final class Printable {
    private static final int MAX = 80;

    private Printable() {
    }

    static String of(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("'");
        value.codePoints().limit(MAX).forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\x%02x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.append(value.length() > MAX ? "'..." : "'").toString();
    }
}
