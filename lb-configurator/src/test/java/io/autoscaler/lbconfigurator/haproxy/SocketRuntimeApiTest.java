package io.autoscaler.lbconfigurator.haproxy;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client over a unix socket, against a stand-in that behaves like HAProxy's non-interactive CLI:
 * read one line, answer, close. (TCP is exercised against the real HAProxy in ConfiguratorTest.)
 */
class SocketRuntimeApiTest {
    private Path dir;
    private ServerSocketChannel server;
    private Thread serving;
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void close() throws Exception {
        release.countDown();
        if (server != null) {
            server.close();
        }
        if (serving != null) {
            serving.join(5_000);
        }
        if (dir != null) {
            Files.deleteIfExists(dir.resolve("admin.sock"));
            Files.deleteIfExists(dir);
        }
    }

    @Test
    void sendsOneLineAndReadsUntilHaproxyCloses() throws Exception {
        Path socket = serve(true);
        String answer = SocketRuntimeApi.of(socket.toString(), Duration.ofSeconds(5)).send("show info");
        assertThat(answer, is("you said: show info\n\n"));
        assertThat(SocketRuntimeApi.of("unix://" + socket, Duration.ofSeconds(5)).send("x"), is("you said: x\n\n"));
    }

    @Test
    void aSilentHaproxyTimesOut() throws Exception {
        Path socket = serve(false);
        long start = System.nanoTime();
        RuntimeApiException e = assertThrows(RuntimeApiException.class,
                () -> SocketRuntimeApi.of(socket.toString(), Duration.ofMillis(300)).send("show info"));
        assertThat(e.refusal(), is(nullValue()));
        assertThat(e.getMessage(), containsString("no answer"));
        assertThat(Duration.ofNanos(System.nanoTime() - start).toMillis(), lessThan(3_000L));
    }

    @Test
    void aMissingSocketIsAnUnreachableHaproxy() {
        RuntimeApiException e = assertThrows(RuntimeApiException.class,
                () -> SocketRuntimeApi.of("/nonexistent/admin.sock", Duration.ofSeconds(1)).send("show info"));
        assertThat(e.refusal(), is(nullValue()));
    }

    @Test
    void aTcpAddressNeedsHostAndPort() {
        assertThrows(IllegalArgumentException.class, () -> SocketRuntimeApi.of("tcp://haproxy", Duration.ofSeconds(1)));
    }

    private Path serve(boolean answer) throws IOException {
        dir = Files.createTempDirectory("lbc");
        Path socket = dir.resolve("admin.sock");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        serving = new Thread(() -> {
            while (server.isOpen()) {
                answerOne(answer);
            }
        });
        serving.start();
        return socket;
    }

    private void answerOne(boolean answer) {
        try (SocketChannel client = server.accept()) {
            ByteBuffer in = ByteBuffer.allocate(1024);
            while (in.position() == 0 || in.get(in.position() - 1) != '\n') {
                client.read(in);
            }
            String line = new String(in.array(), 0, in.position() - 1, StandardCharsets.UTF_8);
            if (answer) {
                client.write(ByteBuffer.wrap(("you said: " + line + "\n\n").getBytes(StandardCharsets.UTF_8)));
            } else {
                release.await();
            }
        } catch (IOException | InterruptedException e) {
            // the test ended
        }
    }
}
