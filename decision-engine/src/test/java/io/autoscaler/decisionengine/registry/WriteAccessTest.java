package io.autoscaler.decisionengine.registry;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Settings and an Authorization header → the write's fate. The token is T = "0123456789abcdef"
 * (16 characters); "-" is no token configured, or no header sent.
 */
class WriteAccessTest {
    private static final String T = "0123456789abcdef";

    static Stream<Arguments> cases() {
        return Stream.of(
                // auth, token, Authorization header, allowed
                Arguments.of("on", T, "Bearer " + T, true),
                Arguments.of("on", T, "bearer " + T, true),
                Arguments.of("on", " " + T + "\n", "Bearer " + T, true),
                Arguments.of("on", T, "Bearer  " + T + " ", true),
                Arguments.of("on", T, "-", false),
                Arguments.of("on", T, "Bearer", false),
                Arguments.of("on", T, "Bearer ", false),
                Arguments.of("on", T, "Bearer " + T + "x", false),
                Arguments.of("on", T, "Bearer " + T.substring(1), false),
                Arguments.of("on", T, "Basic " + T, false),
                Arguments.of("on", T, T, false),
                Arguments.of("on", "-", "-", false),
                Arguments.of("on", "-", "Bearer " + T, false),
                Arguments.of("on", "-", "Bearer ", false),
                Arguments.of("ON", T, "Bearer " + T, true),
                Arguments.of("off", "-", "-", true),
                Arguments.of("off", T, "-", true),
                Arguments.of("off", "short", "Bearer wrong", true));
    }

    @ParameterizedTest(name = "auth {0}, token {1}, header {2} → {3}")
    @MethodSource("cases")
    void aWriteIsAllowedOnlyWithTheTokenOrWhenAuthIsOff(String auth, String token, String header, boolean allowed) {
        WriteAccess access = WriteAccess.of(auth, "-".equals(token) ? Optional.empty() : Optional.of(token));
        assertThat(access.check("-".equals(header) ? null : header).allowed(), is(allowed));
    }

    @Test
    void withoutATokenWritesAreRefusedAndTheAnswerSaysHowToConfigureOne() {
        WriteAccess closed = WriteAccess.of("on", Optional.empty());
        assertThat(closed.check("Bearer " + T).reason(), containsString("AUTOSCALER_API_TOKEN"));
        assertThat(closed.check(null).reason(), containsString("AUTOSCALER_API_AUTH=off"));
        assertThat(closed.startMessage(), containsString("refused until AUTOSCALER_API_TOKEN is set"));
        assertThat(WriteAccess.of("on", Optional.of("  ")).mode(), is(WriteAccess.Mode.CLOSED));
    }

    @Test
    void aTokenShorterThan16CharactersFailsTheStartWithoutShowingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WriteAccess.of("on", Optional.of("s3cret-but-shrt")));
        assertThat(e.getMessage(), containsString("has 15 characters; at least 16"));
        assertThat(e.getMessage(), not(containsString("s3cret")));
    }

    @Test
    void anAuthSettingOtherThanOnOrOffFailsTheStart() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WriteAccess.of("disabled", Optional.empty()));
        assertThat(e.getMessage(), containsString("must be 'on'"));
    }

    @Test
    void turningAuthOffIsAnnouncedAsAWarningWorthReading() {
        assertThat(WriteAccess.of("off", Optional.empty()).startMessage(), containsString("laptop demo only"));
        assertThat(WriteAccess.of("on", Optional.of(T)).startMessage(), not(containsString(T)));
    }
}
