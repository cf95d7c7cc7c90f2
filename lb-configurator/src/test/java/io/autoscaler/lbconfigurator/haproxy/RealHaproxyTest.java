package io.autoscaler.lbconfigurator.haproxy;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.testcontainers.containers.Network;

import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Volume;

import io.autoscaler.events.PoolSpec;
import io.autoscaler.lbconfigurator.haproxy.RuntimeError.Kind;
import io.autoscaler.testing.DemoAppContainer;
import io.autoscaler.testing.HaproxyContainer;

/** The client and its typed refusals against a real HAProxy (TCP admin socket, plus an operator-level one). */
class RealHaproxyTest {
    private static final int OPERATOR_PORT = 9998;
    /** Only in commands HAProxy refuses: never contacted. */
    private static final ServerAddress LOOPBACK = new ServerAddress("127.0.0.1", 80);
    private static final PoolSpec POOL = CommandsTest.pool(new PoolSpec.HealthCheck("/health", 500, 2, 2, null, null),
            50, 2000);

    private static Network network;
    private static HaproxyContainer haproxy;
    private static DemoAppContainer app;
    private static Haproxy admin;
    private static Path socketDir;

    @BeforeAll
    static void start() throws Exception {
        network = Network.newNetwork();
        socketDir = Files.createTempDirectory("lbc-haproxy");
        socketDir.toFile().setWritable(true, false);
        haproxy = new HaproxyContainer().onNetwork(network, "haproxy").withBackend("web")
                .withExtraConfig("""
                        global
                            stats socket ipv4@0.0.0.0:%d level operator
                            stats socket /run/lbc/admin.sock mode 666 level admin

                        backend hashed
                            balance source
                        """.formatted(OPERATOR_PORT));
        haproxy.addExposedPort(OPERATOR_PORT);
        // Bound in the create command: withFileSystemBind first probes file mounting with alpine:3.17,
        // which cannot be pulled offline (two minutes of retries).
        haproxy.withCreateContainerCmdModifier(cmd -> cmd.getHostConfig()
                .withBinds(new Bind(socketDir.toString(), new Volume("/run/lbc"), AccessMode.rw)));
        haproxy.start();
        app = new DemoAppContainer().onNetwork(network, "app");
        app.start();
        admin = new Haproxy(SocketRuntimeApi.of("tcp://" + haproxy.adminHost() + ":" + haproxy.adminPort(),
                Duration.ofSeconds(5)));
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.stop();
        }
        if (haproxy != null) {
            haproxy.stop();
        }
        if (network != null) {
            network.close();
        }
        if (socketDir != null) {
            Files.deleteIfExists(socketDir.resolve("admin.sock"));
            Files.deleteIfExists(socketDir);
        }
    }

    @Test
    void theUnixSocketAnswersLikeTheTcpOne() {
        Haproxy overUnix = new Haproxy(SocketRuntimeApi.of(socketDir.resolve("admin.sock").toString(),
                Duration.ofSeconds(5)));
        assertThat(overUnix.info().pid(), is(admin.info().pid()));
        refused(Kind.NO_SUCH_BACKEND, () -> overUnix.backend("nope"));
    }

    @Test
    void addReleaseDrainAndDeleteAServer() {
        admin.run(Commands.addServer(web("web-00000001"), appAddress(), POOL));
        admin.run(Commands.startUp(web("web-00000001")));
        assertThat("UP at once, no rise checks awaited", server("web-00000001").health(), is(Backend.Health.UP));
        admin.run(Commands.drain(web("web-00000001")));
        assertThat(server("web-00000001").admin(), is(ServerState.Admin.DRAIN));
        admin.run(Commands.maintenance(web("web-00000001")));
        admin.run(Commands.delete(web("web-00000001")));
        assertThat(admin.backend("web").servers().stream().map(Backend.Server::name).toList(),
                not(hasItem("web-00000001")));
    }

    @Test
    void refusalsAreTyped() {
        admin.run(Commands.addServer(web("web-00000002"), appAddress(), POOL));
        refused(Kind.SERVER_EXISTS,
                () -> admin.run(Commands.addServer(web("web-00000002"), appAddress(), POOL)));
        admin.run(Commands.startUp(web("web-00000002"))); // created in maintenance, where it could be deleted
        refused(Kind.NOT_IN_MAINTENANCE, () -> admin.run(Commands.delete(web("web-00000002"))));
        refused(Kind.NO_SUCH_BACKEND, () -> admin.run(Commands.addServer(new ServerRef("nope", "s"), LOOPBACK, POOL)));
        refused(Kind.NO_SUCH_BACKEND, () -> admin.backend("nope"));
        refused(Kind.NOT_DYNAMIC, () -> admin.run(Commands.addServer(new ServerRef("hashed", "s"), LOOPBACK, POOL)));
        refused(Kind.NO_SUCH_SERVER, () -> admin.run(Commands.drain(web("web-99999999"))));
        refused(Kind.UNKNOWN_COMMAND, () -> raw("frobnicate server web/x"));
        Haproxy operator = new Haproxy(SocketRuntimeApi.of(
                "tcp://" + haproxy.getHost() + ":" + haproxy.getMappedPort(OPERATOR_PORT), Duration.ofSeconds(5)));
        refused(Kind.PERMISSION_DENIED, () -> operator.run(Commands.addServer(web("s"), LOOPBACK, POOL)));
        admin.run(Commands.maintenance(web("web-00000002")));
        admin.run(Commands.delete(web("web-00000002")));
    }

    @Test
    void aServerWithARequestInFlightCannotBeDeletedUntilItEnds() throws Exception {
        admin.run(Commands.addServer(web("web-00000003"), appAddress(), POOL));
        raw("set server web/web-00000003 state ready");
        CompletableFuture<HttpResponse<String>> slow = HttpClient.newHttpClient().sendAsync(
                HttpRequest.newBuilder(URI.create(haproxy.frontendUrl() + "/sleep?ms=3000")).build(),
                HttpResponse.BodyHandlers.ofString());
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> server("web-00000003").sessions() == 1);
        admin.run(Commands.maintenance(web("web-00000003")));
        refused(Kind.STILL_HAS_CONNECTIONS, () -> admin.run(Commands.delete(web("web-00000003"))));
        assertThat(slow.get().statusCode(), is(200));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .until(() -> admin.run(Commands.delete(web("web-00000003"))).startsWith("Server deleted"));
    }

    @Test
    void infoReadsTheProcess() {
        HaproxyInfo info = admin.info();
        assertThat(info.pid() > 0, is(true));
    }

    private static ServerRef web(String server) {
        return new ServerRef("web", server);
    }

    private static ServerAddress appAddress() {
        return new ServerAddress(app.ipAddress(), DemoAppContainer.PORT);
    }

    /** A line {@link Commands} would never build, sent as it is: how HAProxy answers what we never send. */
    private static String raw(String line) {
        String answer = SocketRuntimeApi.of("tcp://" + haproxy.adminHost() + ":" + haproxy.adminPort(),
                Duration.ofSeconds(5)).send(line);
        RuntimeError.inActionResponse(answer).ifPresent(error -> {
            throw new RuntimeApiException(line, error);
        });
        return answer;
    }

    private static Backend.Server server(String name) {
        return admin.backend("web").servers().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    private static void refused(Kind kind, Executable call) {
        RuntimeApiException e = assertThrows(RuntimeApiException.class, call);
        assertThat(e.getMessage(), e.refusal().kind(), is(kind));
    }
}
