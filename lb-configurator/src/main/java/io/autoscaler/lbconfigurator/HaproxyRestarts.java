package io.autoscaler.lbconfigurator;

import java.time.Duration;
import java.time.Instant;

import org.jboss.logging.Logger;

import io.autoscaler.lbconfigurator.haproxy.HaproxyInfo;

/**
 * Notices when HAProxy restarted (see {@link HaproxyInfo#restartedIn}) and so lost every server added at
 * runtime, and remembers why servers are being re-added, for HAPROXY_RESYNCED. Loop thread only.
 */
final class HaproxyRestarts {
    private static final Logger LOG = Logger.getLogger(HaproxyRestarts.class);

    private HaproxyInfo lastInfo;
    private Instant lastInfoAt;
    private String resyncCause = "HAProxy restarted";

    /** Whether HAProxy restarted since the previous reading. */
    boolean restarted(HaproxyInfo info, Instant now) {
        boolean restarted = lastInfo != null && lastInfo.restartedIn(info, Duration.between(lastInfoAt, now));
        if (restarted) {
            LOG.infof("HAProxy restarted (pid %d -> %d, uptime %d s); re-adding every server", lastInfo.pid(),
                    info.pid(), info.uptimeSeconds());
            resyncCause = "HAProxy restarted";
        }
        lastInfo = info;
        lastInfoAt = now;
        return restarted;
    }

    /** We reloaded HAProxy: its new worker is ours, not a restart. */
    void reloaded() {
        resyncCause = "HAProxy reloaded";
        lastInfo = null;
    }

    String resyncCause() {
        return resyncCause;
    }
}
