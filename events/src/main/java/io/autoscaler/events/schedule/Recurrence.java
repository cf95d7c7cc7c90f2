package io.autoscaler.events.schedule;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.Optional;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

/**
 * The instants a Unix cron expression names in a time zone. The expression is matched against the
 * zone's wall clock; where the wall clock jumps, each local time that matches fires once:
 * <ul>
 * <li>a local time the clock skips (spring forward) fires at the end of the gap, when the clock lands;
 * <li>a local time the clock shows twice (fall back) fires the first time only.
 * </ul>
 * So a daily action never fires twice or not at all on a transition day (what Vixie cron does).
 */
public final class Recurrence {
    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private final ExecutionTime times;
    private final ZoneId zone;

    private Recurrence(ExecutionTime times, ZoneId zone) {
        this.times = times;
        this.zone = zone;
    }

    /** The recurrence, or IllegalArgumentException saying what is wrong with the expression or zone. */
    public static Recurrence of(String cron, String timeZone) {
        ZoneId zone;
        try {
            zone = ZoneId.of(timeZone);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("unknown time zone '" + timeZone + "' (an IANA name such as "
                    + "'Europe/Berlin', or 'UTC')");
        }
        try {
            return new Recurrence(ExecutionTime.forCron(PARSER.parse(cron.trim()).validate()), zone);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a Unix cron expression of five fields (minute hour day-of-month "
                    + "month day-of-week): " + e.getMessage());
        }
    }

    /** The first occurrence strictly after {@code after}; empty if the expression never matches again. */
    public Optional<Instant> next(Instant after) {
        Optional<LocalDateTime> local = nextLocal(wallClock(after));
        while (local.isPresent()) {
            Instant at = instant(local.get());
            if (at.isAfter(after)) {
                return Optional.of(at);
            }
            local = nextLocal(local.get());
        }
        return Optional.empty();
    }

    /** The latest occurrence at or before {@code atOrBefore}; empty if there was none. */
    public Optional<Instant> latest(Instant atOrBefore) {
        ZonedDateTime now = atOrBefore.atZone(zone);
        ZoneOffsetTransition overlap = zone.getRules().getTransition(now.toLocalDateTime());
        // in the second pass of a repeated hour, every local time of that hour has already fired
        LocalDateTime upTo = overlap != null && overlap.isOverlap() && now.getOffset().equals(overlap.getOffsetAfter())
                ? overlap.getDateTimeBefore()
                : now.toLocalDateTime().plusNanos(1);
        Optional<LocalDateTime> local = latestLocal(upTo);
        while (local.isPresent()) {
            Instant at = instant(local.get());
            if (!at.isAfter(atOrBefore)) {
                return Optional.of(at);
            }
            local = latestLocal(local.get());
        }
        return Optional.empty();
    }

    private LocalDateTime wallClock(Instant at) {
        return at.atZone(zone).toLocalDateTime();
    }

    /** When a matching wall-clock time happens: the end of a gap for skipped times, the first pass for repeated ones. */
    private Instant instant(LocalDateTime local) {
        ZoneOffsetTransition transition = zone.getRules().getTransition(local);
        if (transition != null && transition.isGap()) {
            return transition.getInstant();
        }
        return ZonedDateTime.ofLocal(local, zone, null).withEarlierOffsetAtOverlap().toInstant();
    }

    // cron matching on the bare wall clock: UTC has no transitions, so no time is skipped or repeated

    private Optional<LocalDateTime> nextLocal(LocalDateTime after) {
        return times.nextExecution(after.atZone(ZoneOffset.UTC)).map(ZonedDateTime::toLocalDateTime);
    }

    private Optional<LocalDateTime> latestLocal(LocalDateTime before) {
        return times.lastExecution(before.atZone(ZoneOffset.UTC)).map(ZonedDateTime::toLocalDateTime);
    }
}
