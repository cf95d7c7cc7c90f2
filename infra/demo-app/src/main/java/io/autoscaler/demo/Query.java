package io.autoscaler.demo;

/** Reads the {@code ms} parameter of /work and /sleep. */
final class Query {
    private Query() {
    }

    static long millis(String rawQuery, long max) {
        String value = null;
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                if (pair.startsWith("ms=")) {
                    value = pair.substring(3);
                }
            }
        }
        if (value == null) {
            throw new IllegalArgumentException("missing parameter ms (milliseconds, 0.." + max + ")");
        }
        long ms;
        try {
            ms = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("ms must be a whole number of milliseconds, was '" + value + "'");
        }
        if (ms < 0 || ms > max) {
            throw new IllegalArgumentException("ms must be between 0 and " + max + ", was " + ms);
        }
        return ms;
    }
}
