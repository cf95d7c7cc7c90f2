package io.autoscaler.events.kafka;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KafkaSecurityTest {
    private static final String GOOD = "0123456789abcdef0123";

    /** protocol | user | password → the client's settings, or "refused". '-' is unset, '~' is empty. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", emptyValue = "~", value = {
            "-             | -                 | -                              | PLAINTEXT",
            "PLAINTEXT     | -                 | -                              | PLAINTEXT",
            "-             | provisioner       | 0123456789abcdef0123           | SASL_PLAINTEXT SCRAM-SHA-512 as provisioner",
            "SASL_SSL      | viewer            | 0123456789abcdef0123           | SASL_SSL SCRAM-SHA-512 as viewer",
            "SASL_PLAINTEXT| -                 | 0123456789abcdef0123           | refused",
            "SASL_PLAINTEXT| provisioner       | -                              | refused",
            "SASL_PLAINTEXT| provisioner       | short                          | refused",
            "SASL_PLAINTEXT| provisioner       | 0123456789abcdef\" user_admin=\"x | refused",
            "SASL_PLAINTEXT| provisioner       | 0123456789abcdef;x             | refused",
            "SASL_PLAINTEXT| provisioner       | 0123456789abcdef\\x            | refused",
            "SASL_PLAINTEXT| provisioner       | 0123456789abcdef${x}           | refused",
            "SASL_PLAINTEXT| a\" b=\"c          | 0123456789abcdef0123           | refused",
            "SASL_PLAINTEXT| a b               | 0123456789abcdef0123           | refused",
            "SASL_PLAINTEXT| ~                 | 0123456789abcdef0123           | refused",
            "TLS           | provisioner       | 0123456789abcdef0123           | refused",
    })
    void fromTheEnvironment(String protocol, String user, String password, String expected) {
        Map<String, String> env = new HashMap<>();
        put(env, KafkaSecurity.PROTOCOL_ENV, protocol);
        put(env, KafkaSecurity.USER_ENV, user);
        put(env, KafkaSecurity.PASSWORD_ENV, password);
        if (expected.equals("refused")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> KafkaSecurity.fromEnvironment(env));
            if (password != null && password.length() > 3) {
                assertThat("a refusal never shows the password", e.getMessage(), not(containsString(password)));
            }
        } else {
            assertThat(KafkaSecurity.fromEnvironment(env).toString(), is(expected));
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "scram | org.apache.kafka.common.security.scram.ScramLoginModule required username=\"lb-configurator\" password=\"0123456789abcdef0123\";",
            "admin | org.apache.kafka.common.security.plain.PlainLoginModule required username=\"admin\" password=\"0123456789abcdef0123\";",
    })
    void theJaasLineHoldsOnlyTheCheckedValues(String kind, String jaas) {
        KafkaSecurity security = kind.equals("admin") ? KafkaSecurity.admin(GOOD)
                : KafkaSecurity.scram("lb-configurator", GOOD);
        assertThat(security.clientProperties().get("sasl.jaas.config"), is(jaas));
        assertThat(security.toString(), not(containsString(GOOD)));
    }

    private static void put(Map<String, String> env, String name, String value) {
        if (value != null) {
            env.put(name, value);
        }
    }
}
