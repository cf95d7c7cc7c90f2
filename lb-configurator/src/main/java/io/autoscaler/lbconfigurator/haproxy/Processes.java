package io.autoscaler.lbconfigurator.haproxy;

import java.util.Optional;

/**
 * What the master CLI's {@code show proc} says: how many reloads the master refused, and the pid of the
 * current worker (the one with 0 reloads), and how many workers of earlier generations still finish
 * their requests.
 */
public record Processes(int failedReloads, long workerPid, int oldWorkers) {

    public static Processes parse(String answer) {
        Integer failed = null;
        Long worker = null;
        int old = 0;
        boolean inWorkers = false;
        for (String line : answer.lines().map(String::strip).toList()) {
            if (line.startsWith("#")) {
                inWorkers = line.equals("# workers") || line.equals("# old workers");
                continue;
            }
            String[] words = line.split("\\s+");
            if (words.length >= 3 && words[1].equals("master")) {
                int at = line.indexOf("[failed:");
                failed = at < 0 ? 0 : Integer.parseInt(line.substring(at + 8, line.indexOf(']', at)).strip());
            } else if (inWorkers && words.length >= 3 && words[1].equals("worker")) {
                if (words[2].equals("0")) {
                    worker = Long.parseLong(words[0]);
                } else {
                    old++;
                }
            }
        }
        if (failed == null || worker == null) {
            throw new IllegalArgumentException("not a 'show proc' answer with a master and a current worker: "
                    + Printable.of(answer));
        }
        return new Processes(failed, worker, old);
    }

    /** Read after a reload requested at {@code before}: applied (new worker), refused, or not yet known. */
    public Optional<Boolean> reloadApplied(Processes before) {
        if (failedReloads > before.failedReloads) {
            return Optional.of(false);
        }
        return workerPid != before.workerPid ? Optional.of(true) : Optional.empty();
    }
}
