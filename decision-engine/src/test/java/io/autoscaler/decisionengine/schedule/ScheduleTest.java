package io.autoscaler.decisionengine.schedule;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.autoscaler.events.PoolSpec;
import io.autoscaler.events.ScheduledAction;

/**
 * The pool's spec has min 1, max 10. An action is written {@code name=cron [zone] [minN] [maxN] [desiredN]},
 * actions separated by ';'. Bounds are written {@code min/max setBy/setBy} ('-': the spec's), the next
 * occurrence {@code action@instant}; a decision {@code desired: reason}, '-' for none.
 */
class ScheduleTest {
    private static final String BIZ = "biz=0 9 * * 1-5 Europe/Berlin min4 desired6; eve=30 17 * * 1-5 Europe/Berlin min1 max8";

    @ParameterizedTest(name = "{0} at {1}")
    @CsvSource(delimiter = '|', textBlock = """
            biz=0 9 * * 1-5 Europe/Berlin min4                | 2026-03-02T08:59+01:00 | 4/10 biz/- | biz@2026-03-02T09:00+01:00
            biz=0 9 * * 1-5 Europe/Berlin min4                | 2026-03-02T09:00+01:00 | 4/10 biz/- | biz@2026-03-03T09:00+01:00
            BIZ                                               | 2026-03-02T12:00+01:00 | 4/8 biz/eve | eve@2026-03-02T17:30+01:00
            BIZ                                               | 2026-03-02T17:30+01:00 | 1/8 eve/eve | biz@2026-03-03T09:00+01:00
            BIZ                                               | 2026-03-07T12:00+01:00 | 1/8 eve/eve | biz@2026-03-09T09:00+01:00
            BIZ                                               | 2026-03-30T09:30+02:00 | 4/8 biz/eve | eve@2026-03-30T17:30+02:00
            up=0 9 * * * min6; down=0 18 * * * max3           | 2026-03-02T12:00Z      | 6/6 up/up   | down@2026-03-02T18:00Z
            up=0 9 * * * min6; down=0 18 * * * max3           | 2026-03-02T19:00Z      | 3/3 down/down | up@2026-03-03T09:00Z
            a=0 9 * * * min2; b=0 9 * * * min3                | 2026-03-02T09:00Z      | 3/10 b/-    | a@2026-03-03T09:00Z
            leap=0 0 29 2 * max4                              | 2026-03-01T00:00Z      | 1/4 -/leap  | leap@2028-02-29T00:00Z
            """)
    void boundsAreWhatTheLatestActionSetting(String actions, String now, String bounds, String next) {
        ScheduledBounds at = ScheduledBounds.of(spec(actions), instant(now));

        String setBy = (at.minSetBy() == null ? "-" : at.minSetBy()) + "/" + (at.maxSetBy() == null ? "-" : at.maxSetBy());
        assertThat(at.minReplicas() + "/" + at.maxReplicas() + " " + setBy, is(bounds));
        assertThat(at.next().action() + "@" + at.next().at(), is(next.split("@")[0] + "@" + instant(next.split("@")[1])));
        assertThat(at.holdAt(instant(now)), is(true));
        assertThat(at.holdAt(at.next().at()), is(false));
    }

    @ParameterizedTest(name = "{0} at {1}, desired {2}, last decision {3}")
    @CsvSource(delimiter = '|', textBlock = """
            BIZ | 2026-03-02T09:00:05+01:00 | 2 | 2026-03-02T08:00+01:00 | 6: schedule 'biz' set min 4, desired 6: 2 → 6
            BIZ | 2026-03-02T09:00:05+01:00 | 2 | 2026-03-02T09:00:01+01:00 | 4: schedule 'biz' holds min 4: 2 → 4
            BIZ | 2026-03-02T09:00:05+01:00 | 6 | 2026-03-02T09:00:01+01:00 | -
            BIZ | 2026-03-02T09:00:05+01:00 | 6 | 2026-03-02T09:00+01:00    | -
            BIZ | 2026-03-02T17:30:01+01:00 | 9 | 2026-03-02T09:00:05+01:00 | 8: schedule 'eve' set min 1, max 8: 9 → 8
            BIZ | 2026-03-02T17:30:01+01:00 | 5 | 2026-03-02T09:00:05+01:00 | 5: schedule 'eve' set min 1, max 8: desired stays 5
            BIZ | 2026-03-02T17:31+01:00    | 5 | 2026-03-02T17:30:01+01:00 | -
            BIZ | 2026-03-03T10:00+01:00    | 3 | 2026-03-02T12:00+01:00    | 6: schedule 'eve' set min 1, max 8; schedule 'biz' set min 4, desired 6: 3 → 6
            BIZ | 2026-03-02T12:00+01:00    | - | -                         | 4: pool created: minReplicas 4, as schedule 'biz' set it
            BIZ | 2026-03-02T18:00+01:00    | - | -                         | 1: pool created: minReplicas 1, as schedule 'eve' set it
            big=0 9 * * * desired12 | 2026-03-02T09:00:05Z | 2 | 2026-03-02T08:00Z | 10: schedule 'big' set desired 12: 2 → 10 (desired 12 clamped to the bounds)
            """)
    void eachOccurrenceIsAppliedOnceAfterTheLastDecision(String actions, String now, String desired, String lastAt,
            String expected) {
        PoolSpec spec = spec(actions);
        Optional<ScheduleStep.Change> change = ScheduleStep.decide(spec.schedule(),
                ScheduledBounds.of(spec, instant(now)), "-".equals(desired) ? Optional.empty()
                        : Optional.of(Integer.parseInt(desired)),
                "-".equals(lastAt) ? Optional.empty() : Optional.of(instant(lastAt)));

        assertThat(change.map(c -> c.desiredReplicas() + ": " + c.reason()).orElse("-"), is(expected));
    }

    private static PoolSpec spec(String actions) {
        List<ScheduledAction> schedule = new ArrayList<>();
        for (String action : ("BIZ".equals(actions) ? BIZ : actions).split(";")) {
            String[] nameAndRest = action.trim().split("=", 2);
            List<String> words = Arrays.asList(nameAndRest[1].trim().split("\\s+"));
            String cron = String.join(" ", words.subList(0, 5));
            String zone = null;
            Integer min = null;
            Integer max = null;
            Integer desired = null;
            for (String word : words.subList(5, words.size())) {
                if (word.startsWith("min")) {
                    min = Integer.parseInt(word.substring(3));
                } else if (word.startsWith("max")) {
                    max = Integer.parseInt(word.substring(3));
                } else if (word.startsWith("desired")) {
                    desired = Integer.parseInt(word.substring(7));
                } else {
                    zone = word;
                }
            }
            schedule.add(new ScheduledAction(nameAndRest[0], cron, zone, min, max, desired));
        }
        return new PoolSpec("p", "autoscaler/demo-app", null, null, null, null, 1, 10, null, null, null, null, null,
                null, null, null, null, null, null, schedule);
    }

    private static Instant instant(String offsetDateTime) {
        return OffsetDateTime.parse(offsetDateTime).toInstant();
    }
}
