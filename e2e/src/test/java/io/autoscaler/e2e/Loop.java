package io.autoscaler.e2e;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.Volume;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import java.util.stream.Collectors;

import io.autoscaler.events.LbEvent;
import io.autoscaler.events.Naming;
import io.autoscaler.events.ScaleDecision;
import io.autoscaler.events.PoolMembership;
import io.autoscaler.events.Topics;
import io.autoscaler.events.json.EventJson;
import io.autoscaler.testing.HaproxyContainer;
import io.autoscaler.testing.KafkaBroker;
import io.autoscaler.testing.KafkaBrokerContainer;
import io.autoscaler.testing.KafkaRecords;
import io.autoscaler.testing.TestImages;
import io.autoscaler.tools.Status.ServerRow;

/**
 * The whole system on two private Docker networks, as compose runs it: Kafka, HAProxy in master-worker
 * mode reading a base file and the lb-configurator's generated directory (shared through a host directory
 * at the same path in both containers), the four service images, and the app containers the provisioner launches for the pool. Kafka
 * and the services sit on the control network; the apps on the internal data network, with HAProxy and
 * the provisioner (whose HTTP server binds its control address only).
 * Kafka and HAProxy get fixed host ports so that restarting them (which Docker does with new random
 * ports otherwise) leaves the test's own clients pointing at the right place.
 */
final class Loop implements AutoCloseable {
    static final List<String> SERVICES = List.of("decision-engine", "metrics-collector", "provisioner",
            "lb-configurator");
    /** How long a scaling step may take on a loaded two-core machine before a test gives up. */
    static final Duration SCALING = Duration.ofMinutes(4);
    private static final String KAFKA_IN_NETWORK = "kafka:" + KafkaBrokerContainer.INTERNAL_PORT;
    /** The decision-engine's API token: writes need it. */
    private static final String API_TOKEN = "e2e-" + UUID.randomUUID();
    private static final String IPV4_LOOPBACK = "127.0.0.1"; // see hostPort
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final String pool;
    /** The data network, the pool's: apps, HAProxy and the provisioner. */
    final String networkName;
    /** This loop's own stack id: its provisioner and collector see only its containers. */
    final String stackId;
    private final String controlName;
    private final Network control;
    private final Network network;
    /** Secured as the stack's, each service with its own principal; PLAINTEXT only for the benchmark's comparison. */
    private KafkaBroker kafka;
    private final HaproxyContainer haproxy;
    /** HAProxy's base file and the generated directory, mounted at this same path in HAProxy and the lb-configurator. */
    private final Path haproxyDir;
    private final Map<String, GenericContainer<?>> services = new LinkedHashMap<>();
    private final DockerClient docker = DockerClientFactory.instance().client();

    private Loop(String pool) {
        this.pool = pool;
        this.stackId = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
        this.networkName = stackId + "-data";
        this.controlName = stackId + "-control";
        this.control = Network.builder().createNetworkCmdModifier(cmd -> cmd.withName(controlName)).build();
        this.network = Network.builder().createNetworkCmdModifier(cmd -> cmd.withName(networkName).withInternal(true))
                .build();
        this.haproxyDir = sharedDirectory();
        this.haproxy = new HaproxyContainer().withGeneratedConfig(haproxyDir).onNetworks(control, network, "haproxy");
        fixHostPort(haproxy, HaproxyContainer.HTTP_PORT, HaproxyContainer.STATS_PORT, HaproxyContainer.ADMIN_PORT,
                HaproxyContainer.MASTER_PORT);
    }

    /** Starts everything and waits until every service is ready. */
    static Loop start(String pool) {
        return start(pool, true);
    }

    /** {@code secured} false: a PLAINTEXT broker without ACLs, for the benchmark's security-off run only. */
    static Loop start(String pool, boolean secured) {
        Loop loop = new Loop(pool);
        try {
            loop.kafka = secured ? KafkaBroker.start(c -> limitMemory(c.withNetwork(loop.control), "kafka"))
                    : KafkaBroker.startPlaintext(c -> limitMemory(c.withNetwork(loop.control), "kafka"));
            loop.haproxy.start();
            for (String name : SERVICES) {
                GenericContainer<?> service = loop.service(name);
                loop.services.put(name, service);
            }
            // started one after the other: on a small machine four JVMs starting at once take longer in total
            loop.services.values().forEach(GenericContainer::start);
            return loop;
        } catch (RuntimeException e) {
            loop.close();
            throw e;
        }
    }

    private GenericContainer<?> service(String name) {
        GenericContainer<?> base = "provisioner".equals(name) ? new OnDataNetworkToo(name, network)
                : new GenericContainer<>(TestImages.service(name));
        GenericContainer<?> service = limitMemory(base, name)
                .withNetwork(control)
                .withNetworkAliases(name, name + "-control")
                .withEnv("KAFKA_BOOTSTRAP_SERVERS", KAFKA_IN_NETWORK)
                .withEnv("AUTOSCALER_STACK_ID", stackId)
                .withEnv("AUTOSCALER_POOL_NETWORKS", networkName)
                .withEnv("AUTOSCALER_CONTROL_NETWORK", controlName)
                .withEnv(kafka.security(name).environment())
                .withExposedPorts(8080)
                // as compose runs them: a crashed or OOM-killed service comes back, a stopped one stays down
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withRestartPolicy(
                        RestartPolicy.unlessStoppedRestart()))
                .waitingFor(Wait.forHttp("/q/health/ready").forPort(8080).withStartupTimeout(Duration.ofMinutes(3)));
        switch (name) {
            case "metrics-collector" -> dockerSocket(service)
                    .withEnv("HAPROXY_STATS_URL", "http://haproxy:" + HaproxyContainer.STATS_PORT + "/stats;csv");
            case "provisioner" -> dockerSocket(service)
                    .withEnv("JAVA_OPTS_APPEND", "-Dquarkus.http.host=provisioner-control");
            case "lb-configurator" -> sameDirectory(service, haproxyDir)
                    .withEnv("HAPROXY_ADMIN_SOCKET", "tcp://haproxy:" + HaproxyContainer.ADMIN_PORT)
                    .withEnv("HAPROXY_MASTER_SOCKET", "tcp://haproxy:" + HaproxyContainer.MASTER_PORT)
                    .withEnv("HAPROXY_BASE_CONFIG", haproxy.baseConfig().toString())
                    .withEnv("HAPROXY_GENERATED_DIR", haproxy.generatedDir().toString());
            case "decision-engine" -> service.withEnv("AUTOSCALER_API_TOKEN", API_TOKEN);
            default -> {
            }
        }
        return service;
    }

    /** The memory limit the compose file gives {@code service}, on {@code container}. */
    private static <T extends GenericContainer<?>> T limitMemory(T container, String service) {
        long bytes = StackLimits.memoryBytes(service);
        container.withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withMemory(bytes).withMemorySwap(bytes));
        return container;
    }

    /** A service that also joins the data network, between its creation and its start. */
    private static final class OnDataNetworkToo extends GenericContainer<OnDataNetworkToo> {
        private final Network data;

        OnDataNetworkToo(String name, Network data) {
            super(TestImages.service(name));
            this.data = data;
        }

        @Override
        protected void containerIsCreated(String containerId) {
            getDockerClient().connectToNetworkCmd().withContainerId(containerId).withNetworkId(data.getId()).exec();
        }
    }

    private static final String DOCKER_SOCKET = "/var/run/docker.sock";

    private static GenericContainer<?> dockerSocket(GenericContainer<?> service) {
        // Bound in the create command itself: withFileSystemBind makes Testcontainers probe file mounting
        // with alpine:3.17 first, which cannot be pulled offline.
        return service.withCreateContainerCmdModifier(cmd -> {
            cmd.withUser("root");
            cmd.getHostConfig().withBinds(new Bind(DOCKER_SOCKET,
                    new Volume(DOCKER_SOCKET)));
        });
    }

    /**
     * A host directory for HAProxy's files: the generated one open to the lb-configurator's uid (whatever
     * the image runs as), the base file readable by both.
     */
    private static Path sharedDirectory() {
        try {
            Path dir = Files.createTempDirectory("e2e-haproxy-");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path generated = Files.createDirectories(dir.resolve("generated"));
            Files.setPosixFilePermissions(generated, PosixFilePermissions.fromString("rwxrwxrwx"));
            return dir;
        } catch (IOException e) {
            throw new IllegalStateException("cannot make HAProxy's directory", e);
        }
    }

    private static GenericContainer<?> sameDirectory(GenericContainer<?> service, Path dir) {
        String path = dir.toString();
        return service.withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withBinds(new Bind(path,
                new Volume(path))));
    }

    private static void fixHostPort(GenericContainer<?> container, int... ports) {
        List<PortBinding> bindings = new ArrayList<>();
        for (int port : ports) {
            bindings.add(new PortBinding(Ports.Binding.bindPort(freePort()), ExposedPort.tcp(port)));
        }
        container.withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withPortBindings(bindings));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    // --- what a test sees -----------------------------------------------------------------------

    KafkaRecords records() {
        return kafka.records(); // the admin: tests read every topic and write fixtures
    }

    URI frontend(String path) {
        return URI.create(haproxy.frontendUrl() + path);
    }

    /** The decision-engine API; its host port is looked up each time because a restarted service gets a new one. */
    URI api(String path) {
        return URI.create("http://" + IPV4_LOOPBACK + ":" + hostPort("decision-engine", 8080) + path);
    }

    /** PUT /pools/{pool} with the given spec; fails the test with the engine's answer unless it is 2xx. */
    void putPool(String specJson) {
        putPool(pool, specJson);
    }

    /** PUT /pools/{name}: another pool of this loop, e.g. one routed by host name. */
    void putPool(String name, String specJson) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(api("/pools/" + name))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + API_TOKEN)
                .PUT(HttpRequest.BodyPublishers.ofString(specJson)));
        if (response.statusCode() / 100 != 2) {
            throw new AssertionError("PUT /pools/" + name + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    void deletePool(String name) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(api("/pools/" + name))
                .header("Authorization", "Bearer " + API_TOKEN).DELETE());
        if (response.statusCode() / 100 != 2) {
            throw new AssertionError("DELETE /pools/" + name + " answered " + response.statusCode() + ": "
                    + response.body());
        }
    }

    /**
     * A second pool of the demo app reached by the Host header {@code host} alone: one or two instances,
     * balanced by {@code balance}.
     */
    String routedSpec(String name, String host, String balance) {
        return """
                {"name": "%s", "image": "%s", "port": 8080, "network": "%s",
                 "minReplicas": 1, "maxReplicas": 2, "route": {"hosts": ["%s"]}, "balance": "%s",
                 "healthCheck": {"path": "/health", "intervalMs": 1000, "rise": 2, "fall": 2,
                                 "graceMs": 10000, "replaceAfterMs": 5000},
                 "resources": {"cpus": 0.5, "memoryMb": 128}}
                """.formatted(name, io.autoscaler.testing.TestImages.demoApp().asCanonicalNameString(), networkName,
                host, balance);
    }

    /** GET through HAProxy with a Host header of its own (e2e's surefire lets Java's client send one). */
    HttpResponse<String> getWithHost(String host, String path) {
        return send(HttpRequest.newBuilder(frontend(path)).header("Host", host).timeout(Duration.ofSeconds(5)));
    }

    /** Names the backends HAProxy has, from the stats CSV. */
    Set<String> backends() {
        String csv = send(HttpRequest.newBuilder(URI.create(haproxy.statsCsvUrl()))).body();
        return csv.lines().filter(l -> !l.startsWith("#")).map(l -> l.split(",", -1))
                .filter(f -> f.length > 1 && f[1].equals("BACKEND")).map(f -> f[0]).collect(Collectors.toSet());
    }

    /** The pool's servers in HAProxy, from the stats CSV. */
    List<ServerRow> servers() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(haproxy.statsCsvUrl())));
        return ServerRow.parse(response.body()).stream().filter(r -> r.backend().equals(pool)).toList();
    }

    List<ServerRow> serversUp() {
        return servers().stream().filter(r -> r.status().startsWith("UP")).toList();
    }

    /** The latest membership the provisioner published for the pool. */
    PoolMembership membership() {
        PoolMembership latest = null;
        for (ConsumerRecord<String, byte[]> r : records().readAll(Topics.MEMBERSHIP)) {
            if (pool.equals(r.key()) && r.value() != null) {
                latest = EventJson.decode(r.value(), PoolMembership.class);
            }
        }
        return latest;
    }

    /** The pool's app containers as Docker has them (running or not). */
    List<Container> appContainers() {
        return appContainers(pool);
    }

    List<Container> appContainers(String name) {
        return docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(Naming.LABEL_MANAGED, "true", Naming.LABEL_POOL, name)).exec();
    }

    List<Container> runningAppContainers() {
        return appContainers().stream().filter(c -> "running".equals(c.getState())).toList();
    }

    /** Membership, containers and HAProxy agree: every instance RUNNING and UP, nothing else anywhere. */
    void awaitConverged() {
        await().atMost(SCALING).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().untilAsserted(() -> {
            PoolMembership membership = membership();
            Set<String> instances = membership.instances().stream().map(PoolMembership.Instance::instanceId)
                    .collect(Collectors.toSet());
            assertEquals(instances, running(membership).stream().map(PoolMembership.Instance::instanceId)
                    .collect(Collectors.toSet()), "every instance RUNNING");
            assertEquals(instances, appContainers().stream()
                    .map(c -> c.getLabels().get(Naming.LABEL_INSTANCE)).collect(Collectors.toSet()),
                    "containers = membership (no orphan)");
            assertEquals(instances.stream().map(id -> Naming.serverName(pool, id)).collect(Collectors.toSet()),
                    serversUp().stream().map(ServerRow::server).collect(Collectors.toSet()),
                    "HAProxy servers UP = membership (no stale server)");
            assertEquals(servers().size(), instances.size(), "no server in another state");
        });
    }

    List<PoolMembership.Instance> awaitRunningInstances(int atLeast) {
        return await().atMost(SCALING).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .until(() -> running(membership()), list -> list.size() >= atLeast);
    }

    static List<PoolMembership.Instance> running(PoolMembership membership) {
        return membership.instances().stream().filter(i -> i.state() == PoolMembership.State.RUNNING).toList();
    }

    List<ScaleDecision> decisions() {
        return decisions(pool);
    }

    List<ScaleDecision> decisions(String name) {
        return records().readAll(Topics.SCALE_EVENTS).stream()
                .filter(r -> name.equals(r.key()) && r.value() != null)
                .map(r -> EventJson.decode(r.value(), ScaleDecision.class)).toList();
    }

    List<LbEvent> lbEvents(LbEvent.State state) {
        return lbEvents(pool, state);
    }

    List<LbEvent> lbEvents(String name, LbEvent.State state) {
        return records().readAll(Topics.LB_EVENTS).stream()
                .filter(r -> name.equals(r.key()) && r.value() != null)
                .map(Loop::lbEvent).filter(e -> e != null && e.state() == state).toList();
    }

    private static LbEvent lbEvent(ConsumerRecord<String, byte[]> r) {
        try {
            return EventJson.decode(r.value(), LbEvent.class);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The pool as the tests run it: the demo app, CPU target 50 %, at most 4 instances of half a CPU (this
     * machine has two), short windows so that a scale-out and back takes minutes. */
    String spec(int min) {
        return """
                {"name": "%s", "image": "%s", "port": 8080, "network": "%s", "haproxyBackend": "%s",
                 "minReplicas": %d, "maxReplicas": 4, "route": {"default": true}, "balance": "leastconn",
                 %s,
                 "resources": {"cpus": 0.5, "memoryMb": 128}}
                """.formatted(pool, io.autoscaler.testing.TestImages.demoApp().asCanonicalNameString(),
                networkName, pool, min, scaling(50));
    }

    /** The checks, CPU target-tracking policy and drain of the loop's pools, with their CPU target (%). */
    static String scaling(int cpuTarget) {
        return """
                "healthCheck": {"path": "/health", "intervalMs": 1000, "rise": 2, "fall": 2,
                                 "graceMs": 10000, "replaceAfterMs": 5000},
                 "policy": {"type": "target-tracking", "metrics": [{"name": "cpu", "target": %d}], "tolerance": 0.1,
                            "scaleUp": {"stabilizationMs": 0, "maxStepInstances": 2, "maxStepPercent": 100, "cooldownMs": 3000},
                            "scaleDown": {"stabilizationMs": 10000, "maxStepInstances": 2, "maxStepPercent": 100, "cooldownMs": 5000},
                            "warmupMs": 5000},
                 "drain": {"timeoutMs": 15000}""".formatted(cpuTarget);
    }

    /** Kafka's, HAProxy's or a service's address on a network of this loop ({@link #networkName} or control). */
    String address(String container, boolean onControl) {
        String id = containerId(container);
        var on = docker.inspectContainerCmd(id).exec().getNetworkSettings().getNetworks()
                .get(onControl ? controlName : networkName);
        return on == null ? null : on.getIpAddress();
    }

    private String containerId(String container) {
        return switch (container) {
            case "kafka" -> kafka.container().getContainerId();
            case "haproxy" -> haproxy.getContainerId();
            default -> services.get(container).getContainerId();
        };
    }

    /**
     * The memory of a container's processes (Kafka, HAProxy or a service), summed: their resident set and
     * the private part of it ({@link ProcessMemory}), page cache left out.
     */
    ProcessMemory memory(String container) {
        var top = docker.topContainerCmd(containerId(container)).withPsArgs("-o pid,rss").exec();
        List<String> titles = List.of(top.getTitles());
        int pid = titles.indexOf("PID");
        int rss = titles.indexOf("RSS");
        ProcessMemory total = new ProcessMemory(0, 0);
        for (String[] process : top.getProcesses()) {
            total = ProcessMemory.sum(total,
                    ProcessMemory.of(Long.parseLong(process[pid].strip()), Long.parseLong(process[rss].strip())));
        }
        return total;
    }

    /**
     * Stops the services named, starts them all at once, and answers how long each took from its start
     * to a ready /q/health/ready (polled every 100 ms).
     */
    Map<String, Duration> restartTimed(List<String> names) {
        names.forEach(name -> docker.stopContainerCmd(containerId(name)).withTimeout(10).exec());
        Map<String, Duration> took = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        names.forEach(name -> docker.startContainerCmd(containerId(name)).exec());
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
            for (String name : names) {
                if (!took.containsKey(name) && ready(name)) {
                    took.put(name, Duration.ofNanos(System.nanoTime() - t0));
                }
            }
            return took.size() == names.size();
        });
        return took;
    }

    private boolean ready(String name) {
        try {
            return send(HttpRequest.newBuilder(URI.create("http://" + IPV4_LOOPBACK + ":" + hostPort(name, 8080)
                    + "/q/health/ready")).timeout(Duration.ofSeconds(1))).statusCode() == 200;
        } catch (RuntimeException e) {
            return false;
        }
    }

    String logs(String service) {
        return services.get(service).getLogs();
    }

    /** A service's memory use as Docker counts it (one sample). */
    long memoryBytes(String service) {
        try (var stats = new com.github.dockerjava.api.async.ResultCallback.Adapter<com.github.dockerjava.api.model.Statistics>() {
            volatile Long usage;

            @Override
            public void onNext(com.github.dockerjava.api.model.Statistics s) {
                usage = s.getMemoryStats() == null ? null : s.getMemoryStats().getUsage();
                onComplete();
            }
        }) {
            docker.statsCmd(services.get(service).getContainerId()).withNoStream(true).exec(stats).awaitCompletion(10,
                    java.util.concurrent.TimeUnit.SECONDS);
            return stats.usage == null ? -1 : stats.usage;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** kill -9 of a service, then start it again and wait until it is ready. */
    void killAndRestart(String name) {
        String id = services.get(name).getContainerId();
        docker.killContainerCmd(id).withSignal("KILL").exec();
        docker.startContainerCmd(id).exec();
        awaitReady(name);
    }

    /** docker stop: SIGTERM, then SIGKILL after {@code timeout}. */
    void stopService(String name, Duration timeout) {
        docker.stopContainerCmd(services.get(name).getContainerId()).withTimeout((int) timeout.toSeconds()).exec();
    }

    /** docker kill: SIGKILL, and Docker counts it as a stop (no restart policy brings it back). */
    void killService(String name) {
        docker.killContainerCmd(services.get(name).getContainerId()).withSignal("KILL").exec();
    }

    void startService(String name) {
        docker.startContainerCmd(services.get(name).getContainerId()).exec();
    }

    /** The service's process as the host sees it (0 when not running). */
    long pid(String name) {
        Long pid = docker.inspectContainerCmd(services.get(name).getContainerId()).exec().getState().getPidLong();
        return pid == null ? 0 : pid;
    }

    boolean readyNow(String name) {
        return send(HttpRequest.newBuilder(URI.create("http://" + IPV4_LOOPBACK + ":" + hostPort(name, 8080)
                + "/q/health/ready"))).statusCode() == 200;
    }

    void awaitReady(String name) {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .until(() -> send(HttpRequest.newBuilder(URI.create("http://" + IPV4_LOOPBACK + ":"
                        + hostPort(name, 8080) + "/q/health/ready"))).statusCode() == 200);
    }

    void restartHaproxy() {
        docker.restartContainerCmd(haproxy.getContainerId()).withTimeout(5).exec();
    }

    void restartKafka() {
        docker.restartContainerCmd(kafka.container().getContainerId()).withTimeout(10).exec();
    }

    /** docker pause of the broker: connections stay open and nothing answers, as in a network partition. */
    void pauseKafka() {
        docker.pauseContainerCmd(kafka.container().getContainerId()).exec();
    }

    void unpauseKafka() {
        String id = kafka.container().getContainerId();
        if (Boolean.TRUE.equals(docker.inspectContainerCmd(id).exec().getState().getPaused())) {
            docker.unpauseContainerCmd(id).exec();
        }
    }

    /** docker kill of an app container, as a crash would do it. */
    void killApp(String containerId) {
        docker.killContainerCmd(containerId).exec();
    }

    private int hostPort(String service, int port) {
        var bindings = docker.inspectContainerCmd(services.get(service).getContainerId()).exec().getNetworkSettings()
                .getPorts().getBindings().get(ExposedPort.tcp(port));
        if (bindings == null || bindings.length == 0) {
            throw new IllegalStateException(service + " publishes no port " + port + " (not running?)");
        }
        // Docker here may publish the IPv4 and the IPv6 side of one port on different host ports (they drift
        // apart on a long-running engine), so take the IPv4 side and reach it at 127.0.0.1: a browser resolves
        // "localhost" to ::1 first and would land on whatever container holds that number on the IPv6 side.
        return Arrays.stream(bindings).filter(binding -> !binding.getHostIp().contains(":")).findFirst()
                .map(binding -> Integer.parseInt(binding.getHostPortSpec()))
                .orElseThrow(() -> new IllegalStateException(service + " publishes port " + port + " on IPv6 only"));
    }

    static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Each service's log, kept in target/e2e-logs for whoever reads a failure. */
    private void keepLogs() {
        Path dir = Path.of("target", "e2e-logs");
        services.forEach((name, service) -> {
            try {
                Files.createDirectories(dir);
                Files.writeString(dir.resolve(pool + "-" + name + ".log"), service.getLogs());
            } catch (IOException | RuntimeException e) {
                System.err.println("cannot keep the log of " + name + ": " + e);
            }
        });
    }

    @Override
    public void close() {
        keepLogs();
        services.values().forEach(GenericContainer::stop);
        // the provisioner is stopped, so nothing relaunches what we remove now: every app container of this
        // stack, also those of the other pools a test made (a pool deleted at a test's end may still have
        // stopped ones that the provisioner had no time to remove)
        for (Container app : docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(Naming.LABEL_MANAGED, "true", Naming.LABEL_STACK, stackId)).exec()) {
            docker.removeContainerCmd(app.getId()).withForce(true).exec();
        }
        haproxy.stop();
        if (kafka != null) {
            kafka.container().stop();
        }
        network.close();
        control.close();
        deleteQuietly(haproxyDir);
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException | RuntimeException e) {
            System.err.println("cannot delete " + dir + ": " + e);
        }
    }
}
