package io.autoscaler.lbconfigurator.haproxy;

import java.util.List;

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

    /** Traffic and status of every backend and server, read once for a whole pass. */
    public List<StatRow> stats() {
        return StatRow.parse(show(Commands.showStat()));
    }

    /** The backend's algorithm and servers; NO_SUCH_BACKEND when HAProxy has no such backend. */
    public Backend backend(String name, List<StatRow> stats) {
        return Backend.of(name, stats, ServerState.parse(show(Commands.showServersState(name))));
    }

    /** {@code show servers state} of every backend, as a server-state file holds it. */
    public String serversState() {
        return show(Commands.showAllServersState());
    }

    public Backend backend(String name) {
        return backend(name, stats());
    }

    /** Sends an action command (or a {@code ;}-joined batch) and throws if HAProxy refused any of it. */
    public String run(Command command) {
        String answer = api.send(command.line());
        RuntimeError.inActionResponse(answer).ifPresent(error -> {
            throw new RuntimeApiException(command.line(), error);
        });
        return answer.strip();
    }

    private String show(Command command) {
        String answer = api.send(command.line());
        RuntimeError.inShowResponse(answer).ifPresent(error -> {
            throw new RuntimeApiException(command.line(), error);
        });
        return answer;
    }
}
