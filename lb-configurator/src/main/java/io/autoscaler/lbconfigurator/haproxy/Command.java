package io.autoscaler.lbconfigurator.haproxy;

/**
 * A runtime-API command line. Only {@link Commands} makes one, from fixed keywords and checked
 * values ({@link ServerRef}, {@link ServerAddress}, numbers), so nothing else ever reaches the socket.
 */
public final class Command {
    private final String line;

    Command(String line) {
        this.line = line;
    }

    public String line() {
        return line;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Command c && c.line.equals(line);
    }

    @Override
    public int hashCode() {
        return line.hashCode();
    }

    @Override
    public String toString() {
        return line;
    }
}
