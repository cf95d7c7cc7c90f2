package io.autoscaler.lbconfigurator.haproxy;

import java.util.HashMap;
import java.util.Map;

/** What {@code show info} says about the HAProxy process; a new pid or a smaller uptime means a restart. */
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

    /** True when {@code now} is a different process than this earlier reading. */
    public boolean restartedIn(HaproxyInfo now) {
        return now.pid != pid || now.uptimeSeconds < uptimeSeconds;
    }
}
