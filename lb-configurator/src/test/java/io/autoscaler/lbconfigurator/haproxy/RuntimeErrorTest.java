package io.autoscaler.lbconfigurator.haproxy;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.autoscaler.lbconfigurator.haproxy.RuntimeError.Kind;

/** HAProxy's answers (2.6.12 as captured; 2.8+/3.x wording where it differs) and what they mean. */
class RuntimeErrorTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "New server registered.\\n\\n|",
            "Server deleted.\\n|",
            "\\n|",
            "\\n\\n\\n|",
            "IP changed from '127.0.0.1' to '127.0.0.2', port changed from '8404' to '8405' by 'stats socket command'\\n\\n|",
            "no need to change the addr, port\\n|",
            "No such backend.\\n|NO_SUCH_BACKEND",
            "No such server.\\n|NO_SUCH_SERVER",
            "\\n\\nNo such server.\\n\\n|NO_SUCH_SERVER",
            "Already exists a server with the same name in backend.\\n\\n|SERVER_EXISTS",
            "Server still has connections attached to it, cannot remove it.\\n|STILL_HAS_CONNECTIONS",
            "Only servers in maintenance mode can be deleted.\\n|NOT_IN_MAINTENANCE",
            "Backend must use a dynamic load balancing to support dynamic servers.\\n|NOT_DYNAMIC",
            "Permission denied\\n\\n|PERMISSION_DENIED",
            "Unknown command, but maybe one of the following ones is a better match:\\n  help\\n|UNKNOWN_COMMAND",
            "Unknown command. Please enter one of the following commands only :\\n|UNKNOWN_COMMAND",
            "invalid port '99999'\\n\\n|REFUSED",
            "character '/' is not permitted in server name 'bad/name'.\\n\\n|REFUSED",
            "'set server <srv> state' expects 'ready', 'drain' and 'maint'.\\n|REFUSED",
    })
    void actionAnswers(String answer, Kind expected) {
        Optional<RuntimeError> error = RuntimeError.inActionResponse(answer.replace("\\n", "\n"));
        assertThat(error.map(RuntimeError::kind).orElse(null), is(expected));
        error.ifPresent(e -> assertThat("HAProxy's own words are kept", answer.contains(e.message()), is(true)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "No such proxy.\\n\\n|NO_SUCH_BACKEND",
            "Can't find backend.\\n\\n|NO_SUCH_BACKEND",
            "Permission denied\\n\\n|PERMISSION_DENIED",
            "1\\n# be_id be_name srv_id\\n\\n|",
            "# pxname,svname,qcur\\napp,BACKEND,0\\n\\n|",
            "Name: HAProxy\\nVersion: 2.6.12\\n|",
    })
    void showAnswers(String answer, Kind expected) {
        assertThat(RuntimeError.inShowResponse(answer.replace("\\n", "\n")).map(RuntimeError::kind).orElse(null),
                is(expected));
    }
}
