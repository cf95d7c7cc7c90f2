package io.autoscaler.events.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IpLiteralTest {
    @ParameterizedTest(name = "[{0}] literal: {1}")
    @CsvSource(delimiter = '|', value = {
            "127.0.0.1                 | true",
            "0.0.0.0                   | true",
            "255.255.255.255           | true",
            "256.0.0.1                 | false",
            "127.0.0                   | false",
            "127.0.0.01                | false",
            "127.0.0.1.                | false",
            "::1                       | true",
            "::                        | true",
            "fe80::1                   | true",
            "2001:db8:0:0:0:0:0:1      | true",
            "2001:db8::10.0.0.1        | true",
            "::ffff:127.0.0.1          | true",
            "1:2:3:4:5:6:7:8:9         | false",
            "1:2:3:4:5:6:7             | false",
            "1::2::3                   | false",
            ":::                       | false",
            "fe80::1%eth0              | false",
            "[::1]                     | false",
            "12345::1                  | false",
            "localhost                 | false",
            "kafka                     | false",
            "example.com               | false",
            "127.0.0.1 check           | false",
            "'127.0.0.1;'              | false",
            "''                        | false",
    })
    void literalsOnlyNeverNames(String text, boolean literal) {
        assertEquals(literal, IpLiteral.isLiteral(text));
    }
}
