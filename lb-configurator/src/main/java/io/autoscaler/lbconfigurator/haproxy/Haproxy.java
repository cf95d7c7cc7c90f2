package io.autoscaler.lbconfigurator.haproxy;

/**
 * Typed calls over the runtime API: readings parsed, refusals thrown as {@link RuntimeApiException}
 * with HAProxy's message classified.
 */
public final class Haproxy {
    private final RuntimeApi api;

    public Haproxy(RuntimeApi api) {
        this.api = api;
    }

    public HaproxyInfo info() {
        return HaproxyInfo.parse(show(Commands.showInfo()));
    }

    /** The backend's algorithm and servers; NO_SUCH_BACKEND when HAProxy has no such backend. */
    public Backend backend(String name) {
        var stats = StatRow.parse(show(Commands.showStat(name)));
        var states = ServerState.parse(show(Commands.showServersState(name)));
        return Backend.of(name, stats, states);
    }

    /** Sends an action command (or a {@code ;}-joined batch) and throws if HAProxy refused any of it. */
    public String run(String commandLine) {
        String answer = api.send(commandLine);
        RuntimeError.inActionResponse(answer).ifPresent(error -> {
            throw new RuntimeApiException(commandLine, error);
        });
        return answer.strip();
    }

    private String show(String command) {
        String answer = api.send(command);
        RuntimeError.inShowResponse(answer).ifPresent(error -> {
            throw new RuntimeApiException(command, error);
        });
        return answer;
    }
}
