package io.autoscaler.events.validation;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The patterns matched by hand answer as their regexes do. */
class RulesTest {
    private static final List<Pattern> BY_HAND = List.of(Rules.NAME, Rules.CONTAINER_ID, Rules.HAPROXY_NAME);

    @ParameterizedTest(name = "''{0}''")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            web
            a0000001
            ""
            -web
            web-
            we--b
            Web
            we_b
            web.1
            000000000001
            00000000000
            abcdef0123456789
            ABCDEF012345
            00000000000g
            9mnpnzenvg8p8tdbtq4wvbkcz
            9mnpnzenvg8p8tdbtq4wvbkc
            9mnpnzenvg8p8tdbtq4wvbkcz0
            9mnpnzenvg8p8-dbtq4wvbkcz
            "has space"
            "web\tx"
            é
            """)
    void sameAnswerAsTheRegex(String value) {
        String v = value == null ? "" : value;
        for (Pattern pattern : BY_HAND) {
            assertThat(pattern + " on '" + v + "'", Rules.matches(pattern, v), is(pattern.matcher(v).matches()));
        }
    }

    @Test
    void sameAnswerOnRandomStringsOfTheEdgeLengths() {
        Random random = new Random(14);
        String alphabet = "abcf0189gzAFZ-._ /:";
        for (int run = 0; run < 20_000; run++) {
            int length = List.of(0, 1, 2, 11, 12, 13, 24, 25, 26, 62, 63, 64, 65, 126, 127, 128).get(random.nextInt(16));
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < length; i++) {
                // mostly valid characters, so that long valid strings occur
                s.append(random.nextInt(10) == 0 ? alphabet.charAt(random.nextInt(alphabet.length()))
                        : alphabet.charAt(random.nextInt(8)));
            }
            for (Pattern pattern : BY_HAND) {
                assertThat(pattern + " on '" + s + "'", Rules.matches(pattern, s.toString()),
                        is(pattern.matcher(s).matches()));
            }
        }
    }
}
