package io.autoscaler.lbconfigurator.haproxy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** What {@code show info} says about the HAProxy process: enough to tell that it restarted. */
public record HaproxyInfo(String version, long pid, long uptimeSeconds) {

    public static HaproxyInfo parse(String response) {
        Map<String, String> fields = new HashMap<>();
        response.lines().forEach(line -> {
            int colon = line.indexOf(':');
            if (colon > 0) {
                fields.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
            }
        });
        if (!fields.containsKey("Pid")) {
            throw new IllegalArgumentException("not a 'show info' answer: no Pid");
        }
        return new HaproxyInfo(fields.getOrDefault("Version", ""), Long.parseLong(fields.get("Pid")),
                Long.parseLong(fields.getOrDefault("Uptime_sec", "0")));
    }

    /**
     * True when {@code now}, read {@code elapsed} after this reading, is another process: a new pid,
     * or an uptime that grew less than the time that passed (a restarted container often gets the
     * same pid). Two seconds of slack cover the uptime's whole-second rounding.
     */
    public boolean restartedIn(HaproxyInfo now, Duration elapsed) {
        return now.pid != pid || now.uptimeSeconds + 2 < uptimeSeconds + elapsed.toSeconds();
    }
}
