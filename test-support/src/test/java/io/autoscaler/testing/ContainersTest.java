package io.autoscaler.testing;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.testcontainers.containers.Network;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;

/** The HAProxy and demo-app containers other modules' tests build on. */
class ContainersTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void haproxyServesStatsAndAnswersItsAdminApiAndReachesADemoAppAddedAtRuntime() throws Exception {
        try (Network network = Network.newNetwork();
                DemoAppContainer app = new DemoAppContainer().onNetwork(network, "app1");
                HaproxyContainer haproxy = new HaproxyContainer().withBackend("demo").onNetwork(network, "lb")) {
            app.start();
            haproxy.start();

            assertThat(get(haproxy.statsCsvUrl()).body(), startsWith("# pxname,svname,"));
            assertThat(admin(haproxy, "add server demo/app1 " + app.ipAddress() + ":8080"), containsString("New server registered."));
            admin(haproxy, "enable server demo/app1");

            HttpResponse<String> viaHaproxy = get(haproxy.frontendUrl() + "/");
            assertEquals(200, viaHaproxy.statusCode());
            assertThat(viaHaproxy.body(), containsString("\"message\":\"Hello\""));
        }
    }

    @Test
    void theAdminSocketAnswersTheLbConfiguratorsUidAndRefusesEveryOther() throws Exception {
        try (HaproxyContainer haproxy = new HaproxyContainer().withBackend("demo")) {
            haproxy.start();
            assertThat(socketAs(haproxy, HaproxyContainer.ADMIN_UID), containsString("Name: HAProxy"));
            // 185: the other service images' user; 65534: nobody, the demo app's
            for (int other : new int[] { 185, 65534 }) {
                assertThat(socketAs(haproxy, other), containsString("refused: Permission denied"));
            }
        }
    }

    /** "show info" on the admin socket as {@code uid}, with the perl every Debian-based image has. */
    private static String socketAs(HaproxyContainer haproxy, int uid) throws Exception {
        var result = haproxy.getDockerClient().execCreateCmd(haproxy.getContainerId()).withUser(String.valueOf(uid))
                .withAttachStdout(true).withAttachStderr(true)
                .withCmd("perl", "-MIO::Socket::UNIX", "-e", "my $s = IO::Socket::UNIX->new(Peer => '"
                        + HaproxyContainer.ADMIN_SOCKET + "') or die \"refused: $!\\n\"; print $s \"show info\\n\";"
                        + " print while <$s>;")
                .exec();
        var out = new ByteArrayOutputStream();
        haproxy.getDockerClient().execStartCmd(result.getId()).exec(new ResultCallback.Adapter<Frame>() {
            @Override
            public void onNext(Frame frame) {
                out.writeBytes(frame.getPayload());
            }
        }).awaitCompletion(10, TimeUnit.SECONDS);
        return out.toString(StandardCharsets.UTF_8);
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** One command on the admin socket; HAProxy answers and closes in non-interactive mode. */
    private static String admin(HaproxyContainer haproxy, String command) throws Exception {
        try (Socket socket = new Socket(haproxy.adminHost(), haproxy.adminPort())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write((command + "\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII))) {
                return in.lines().collect(Collectors.joining("\n"));
            }
        }
    }
}
