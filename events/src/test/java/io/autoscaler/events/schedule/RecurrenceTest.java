package io.autoscaler.events.schedule;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Rows: cron | zone | from (an instant with its local offset) | the next occurrence after it | the latest
 * at or before it; '-' for none. Berlin springs forward on 2026-03-29 at 02:00 (+01 → +02) and falls
 * back on 2026-10-25 at 03:00 (+02 → +01); New York on 2026-03-08 and 2026-11-01.
 */
class RecurrenceTest {
    @ParameterizedTest(name = "{0} in {1} from {2}")
    @CsvSource(delimiter = '|', textBlock = """
            0 9 * * MON-FRI | Europe/Berlin    | 2026-03-02T08:59+01:00 | 2026-03-02T09:00+01:00 | 2026-02-27T09:00+01:00
            0 9 * * MON-FRI | Europe/Berlin    | 2026-03-02T09:00+01:00 | 2026-03-03T09:00+01:00 | 2026-03-02T09:00+01:00
            0 9 * * MON-FRI | Europe/Berlin    | 2026-03-06T10:00+01:00 | 2026-03-09T09:00+01:00 | 2026-03-06T09:00+01:00
            0 9 * * MON-FRI | UTC              | 2026-03-02T08:30Z      | 2026-03-02T09:00Z      | 2026-02-27T09:00Z
            0 9 * * *       | Europe/Berlin    | 2026-03-28T12:00+01:00 | 2026-03-29T09:00+02:00 | 2026-03-28T09:00+01:00
            0 9 * * *       | America/New_York | 2026-11-01T00:00-04:00 | 2026-11-01T09:00-05:00 | 2026-10-31T09:00-04:00
            30 2 * * *      | Europe/Berlin    | 2026-03-29T01:59+01:00 | 2026-03-29T03:00+02:00 | 2026-03-28T02:30+01:00
            30 2 * * *      | Europe/Berlin    | 2026-03-29T03:00+02:00 | 2026-03-30T02:30+02:00 | 2026-03-29T03:00+02:00
            30 2 * * *      | Europe/Berlin    | 2026-03-29T03:10+02:00 | 2026-03-30T02:30+02:00 | 2026-03-29T03:00+02:00
            */15 2 * * *    | Europe/Berlin    | 2026-03-29T01:59+01:00 | 2026-03-29T03:00+02:00 | 2026-03-28T02:45+01:00
            */15 2 * * *    | Europe/Berlin    | 2026-03-29T03:00+02:00 | 2026-03-30T02:00+02:00 | 2026-03-29T03:00+02:00
            30 2 * * *      | Europe/Berlin    | 2026-10-25T02:00+02:00 | 2026-10-25T02:30+02:00 | 2026-10-24T02:30+02:00
            30 2 * * *      | Europe/Berlin    | 2026-10-25T02:40+02:00 | 2026-10-26T02:30+01:00 | 2026-10-25T02:30+02:00
            30 2 * * *      | Europe/Berlin    | 2026-10-25T02:10+01:00 | 2026-10-26T02:30+01:00 | 2026-10-25T02:30+02:00
            30 2 * * *      | Europe/Berlin    | 2026-10-25T02:50+01:00 | 2026-10-26T02:30+01:00 | 2026-10-25T02:30+02:00
            0 * * * *       | Europe/Berlin    | 2026-10-25T02:30+02:00 | 2026-10-25T03:00+01:00 | 2026-10-25T02:00+02:00
            0 * * * *       | Europe/Berlin    | 2026-10-25T02:30+01:00 | 2026-10-25T03:00+01:00 | 2026-10-25T02:00+02:00
            30 1 * * *      | America/New_York | 2026-11-01T01:40-05:00 | 2026-11-02T01:30-05:00 | 2026-11-01T01:30-04:00
            0 2 * * *       | America/New_York | 2026-03-08T01:59-05:00 | 2026-03-08T03:00-04:00 | 2026-03-07T02:00-05:00
            0 0 29 2 *      | UTC              | 2026-03-01T00:00Z      | 2028-02-29T00:00Z      | 2024-02-29T00:00Z
            * * * * *       | Asia/Kolkata     | 2026-03-02T10:00:30+05:30 | 2026-03-02T10:01+05:30 | 2026-03-02T10:00+05:30
            """)
    void occurrencesFollowTheWallClockOfTheZone(String cron, String zone, String from, String next, String latest) {
        Recurrence recurrence = Recurrence.of(cron, zone);
        Instant at = OffsetDateTime.parse(from).toInstant();

        assertThat(recurrence.next(at), is(instant(next)));
        assertThat(recurrence.latest(at), is(instant(latest)));
    }

    @ParameterizedTest(name = "{0} in {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            0 9 * *         | UTC           | five fields
            0 0 9 * * *     | UTC           | five fields
            61 9 * * *      | UTC           | five fields
            0 9 * * *       | Europe/Nowhere | unknown time zone
            0 9 * * *       | CEST          | unknown time zone
            """)
    void aBadExpressionOrZoneSaysWhat(String cron, String zone, String says) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Recurrence.of(cron, zone));
        assertThat(e.getMessage(), containsString(says));
    }

    private static Optional<Instant> instant(String offsetDateTime) {
        return "-".equals(offsetDateTime) ? Optional.empty() : Optional.of(OffsetDateTime.parse(offsetDateTime).toInstant());
    }
}
