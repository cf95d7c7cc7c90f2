package io.autoscaler.e2e;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.api.model.TaskState;

import io.autoscaler.events.LbEvent;
import io.autoscaler.events.Naming;
import io.autoscaler.events.PoolMembership;
import io.autoscaler.events.Topics;
import io.autoscaler.events.json.EventJson;
import io.autoscaler.events.kafka.KafkaSecurity;
import io.autoscaler.testing.KafkaRecords;
import io.autoscaler.testing.PrivateNode;
import io.autoscaler.testing.PrivateSwarm;
import io.autoscaler.testing.TestImages;

/**
 * {@code infra/swarm/stack.yml} deployed by {@code infra/stack swarm-up} (the docker CLI pointed at the manager)
 * on a {@link PrivateSwarm} holding the stack's images. The host reaches each node on a veth of its own
 * (10.213.41.2 the manager, 10.213.42.2 the worker), where the stack publishes its ports in host mode; each
 * node's engine is linked at {@code <dir>/<node id>.sock}, which the stack's socket mounts name with Swarm's
 * {@code {{.Node.ID}}}, so that every node's proxy and provisioner mount their own engine.
 */
final class SwarmStack implements AutoCloseable {
    static final String NAME = "autoscaler";
    static final Set<String> SERVICES = Set.of("kafka", "haproxy", "decision-engine", "metrics-collector",
            "provisioner", "docker-read-proxy", "lb-configurator");
    static final Set<String> GLOBAL = Set.of("metrics-collector", "docker-read-proxy");
    static final Duration READY = Duration.ofMinutes(6);
    private static final String MANAGER = "10.213.41.2";
    private static final String WORKER = "10.213.42.2";
    private static final Path INFRA = Path.of("..", "infra").toAbsolutePath().normalize();
    /** The services published on their node: which port answers /q/health/ready there. */
    private static final Map<String, Integer> PUBLISHED = Map.of("decision-engine", 8081, "metrics-collector", 8082,
            "lb-configurator", 8084);
    private static final String PROVISIONER_READY = "exec 3<>/dev/tcp/provisioner-control/8080 && printf 'GET "
            + "/q/health/ready HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && timeout 10 cat <&3";

    final PrivateSwarm swarm;
    final Path dir;
    private final Map<String, String> addressOfNode = new HashMap<>();

    SwarmStack() throws IOException {
        List<String> images = new ArrayList<>(List.of(TestImages.kafka().asCanonicalNameString(),
                TestImages.haproxy().asCanonicalNameString(), TestImages.demoApp().asCanonicalNameString()));
        Loop.SERVICES.forEach(s -> images.add(TestImages.service(s).asCanonicalNameString()));
        long building = System.nanoTime();
        swarm = new PrivateSwarm(images);
        try {
            dir = Files.createTempDirectory("stack-on-swarm-");
            link(swarm.manager(), "10.213.41.1", MANAGER);
            link(swarm.worker(), "10.213.42.1", WORKER);
        } catch (IOException | RuntimeException e) {
            swarm.close();
            throw e;
        }
        System.out.printf("SwarmStack: two nodes with %d images in %d s%n", images.size(), since(building));
    }

    /** {@code infra/stack swarm-up}, then every service ready; prints how long each took. */
    void deploy() {
        Map<String, String> env = new HashMap<>();
        env.put("DOCKER_HOST", swarm.manager().host());
        env.put("AUTOSCALER_SWARM_STACK", NAME);
        env.put("AUTOSCALER_SECRETS_DIR", dir.resolve("secrets").toString());
        env.put("AUTOSCALER_KAFKA_ADDRESS", MANAGER);
        env.put("AUTOSCALER_DOCKER_SOCKET", dir.resolve("{{.Node.ID}}.sock").toString());
        env.put("AUTOSCALER_KAFKA_IMAGE", TestImages.kafka().asCanonicalNameString());
        env.put("AUTOSCALER_HAPROXY_IMAGE", TestImages.haproxy().asCanonicalNameString());
        for (String service : Loop.SERVICES) {
            env.put("AUTOSCALER_" + service.toUpperCase().replace('-', '_') + "_IMAGE",
                    TestImages.service(service).asCanonicalNameString());
        }
        long deploying = System.nanoTime();
        run(env, Duration.ofMinutes(10), INFRA.resolve("stack").toString(), "swarm-up");
        long up = since(deploying);
        awaitEveryServiceReady();
        System.out.printf("SwarmStack: swarm-up (deploy, bootstrap, every task running) %d s, "
                + "deploy -> every service ready %d s%n", up, since(deploying));
    }

    /** {@code docker service update --force} of one service, as an operator restarts it alone. */
    void restart(String service) {
        run(Map.of("DOCKER_HOST", swarm.manager().host()), Duration.ofMinutes(2), "docker", "service", "update",
                "--force", "--detach", "--quiet", NAME + "_" + service);
    }

    /** Every service of the stack runs all its tasks, and those published answer ready on their node. */
    void awaitEveryServiceReady() {
        await().atMost(READY).pollInterval(Duration.ofSeconds(2)).ignoreExceptions().untilAsserted(() -> {
            Map<String, List<Task>> tasks = runningTasks();
            assertThat(tasks.keySet(), is(SERVICES));
            for (Map.Entry<String, List<Task>> e : tasks.entrySet()) {
                assertThat(e.getKey(), e.getValue(), hasSize(GLOBAL.contains(e.getKey()) ? 2 : 1));
            }
            for (Task provisioner : tasks.get("provisioner")) {
                // the whole answer, so that a provisioner that stays not ready says why (its checks' data)
                String answer = readyInside(containerOf(provisioner));
                assertThat("provisioner ready on its control address: " + answer, answer.startsWith("HTTP/1.0 200")
                        || answer.startsWith("HTTP/1.1 200"), is(true));
            }
            for (Map.Entry<String, Integer> published : PUBLISHED.entrySet()) {
                for (Task task : tasks.get(published.getKey())) {
                    URI ready = URI.create("http://" + addressOfNode.get(task.getNodeId()) + ":"
                            + published.getValue() + "/q/health/ready");
                    assertThat(ready.toString(), Loop.send(HttpRequest.newBuilder(ready)).statusCode(), is(200));
                }
            }
        });
    }

    /**
     * The provisioner's readiness answer (status line, headers, its checks' JSON), asked inside its container
     * (on the manager) on the one address its HTTP server binds, the control overlay's: the stack publishes
     * none of its ports.
     */
    private String readyInside(String container) throws InterruptedException {
        DockerClient docker = swarm.manager().client();
        String exec = docker.execCreateCmd(container).withCmd("bash", "-c", PROVISIONER_READY)
                .withAttachStdout(true).withAttachStderr(true).exec().getId();
        StringBuilder answer = new StringBuilder();
        docker.execStartCmd(exec).exec(new ResultCallback.Adapter<Frame>() {
            @Override
            public void onNext(Frame frame) {
                answer.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
            }
        }).awaitCompletion(20, TimeUnit.SECONDS);
        return answer.toString().trim();
    }

    /** The stack's services (without the prefix), each with its tasks that run and are meant to. */
    Map<String, List<Task>> runningTasks() {
        DockerClient docker = swarm.manager().client();
        Map<String, List<Task>> tasks = new TreeMap<>();
        for (Service service : docker.listServicesCmd()
                .withLabelFilter(Map.of("com.docker.stack.namespace", NAME)).exec()) {
            String name = service.getSpec().getName();
            tasks.put(name.substring(NAME.length() + 1), docker.listTasksCmd().withServiceFilter(name).exec().stream()
                    .filter(t -> t.getDesiredState() == TaskState.RUNNING
                            && t.getStatus().getState() == TaskState.RUNNING)
                    .toList());
        }
        return tasks;
    }

    /** The containers of each service's running tasks. */
    Map<String, Set<String>> containers() {
        Map<String, Set<String>> containers = new TreeMap<>();
        runningTasks().forEach((service, tasks) -> containers.put(service,
                tasks.stream().map(SwarmStack::containerOf).collect(Collectors.toSet())));
        return containers;
    }

    static String containerOf(Task task) {
        return task.getStatus().getContainerStatus().getContainerID();
    }

    /** The pool's instances the provisioner last published as RUNNING. */
    List<PoolMembership.Instance> running(String pool) {
        return membership(pool).stream().filter(i -> i.state() == PoolMembership.State.RUNNING).toList();
    }

    /** The pool's instances the provisioner last published, in any state. */
    List<PoolMembership.Instance> membership(String pool) {
        PoolMembership latest = null;
        for (ConsumerRecord<String, byte[]> r : viewer().readAll(Topics.MEMBERSHIP)) {
            if (pool.equals(r.key()) && r.value() != null) {
                latest = EventJson.decode(r.value(), PoolMembership.class);
            }
        }
        return latest == null ? List.of() : latest.instances();
    }

    /** HAProxy's frontend, published on the edge node (the manager: swarm-up labels it). */
    URI frontend(String path) {
        return URI.create("http://" + MANAGER + ":8080" + path);
    }

    /** The tasks of the pool's instances (one single-replica service each) that Swarm means to run. */
    List<Task> instanceTasks(String pool) {
        DockerClient docker = swarm.manager().client();
        List<Task> tasks = new ArrayList<>();
        for (Service instance : docker.listServicesCmd().withLabelFilter(Map.of(Naming.LABEL_POOL, pool)).exec()) {
            docker.listTasksCmd().withServiceFilter(instance.getId()).exec().stream()
                    .filter(t -> t.getDesiredState() == TaskState.RUNNING).forEach(tasks::add);
        }
        return tasks;
    }

    /** The pool's load-balancer events of one kind, in their order on the topic. */
    List<LbEvent> lbEvents(String pool, LbEvent.State state) {
        return viewer().readAll(Topics.LB_EVENTS).stream().filter(r -> pool.equals(r.key()) && r.value() != null)
                .map(r -> EventJson.decode(r.value(), LbEvent.class)).filter(e -> e.state() == state).toList();
    }

    /** PUT /pools/{pool} with the API token, on the node that runs the decision-engine. */
    HttpResponse<String> put(String pool, String json) {
        String api = addressOfNode.get(runningTasks().get("decision-engine").get(0).getNodeId());
        return Loop.send(HttpRequest.newBuilder(URI.create("http://" + api + ":8081/pools/" + pool))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + secret("api-token"))
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** Kafka as the read-only viewer, on its HOST listener published on the manager. */
    KafkaRecords viewer() {
        return KafkaRecords.at(
                patient(KafkaSecurity.scram("viewer", password("viewer")).clientConfig(MANAGER + ":9094")));
    }

    KafkaRecords admin() {
        return KafkaRecords.at(patient(KafkaSecurity.admin(password("admin")).clientConfig(MANAGER + ":9094")));
    }

    /**
     * Each read opens new connections to the manager's published port. Under the loop's load their setup (TCP,
     * then SCRAM) now and then outlasted Kafka's 10 s connection setup timeout ("Bootstrap broker ...
     * disconnected"), and the client started over each time with a longer timeout: one read of lb-events took
     * about 38 s. One patient try of up to 30 s ends sooner; a read still fails if Kafka never answers.
     */
    private static Map<String, Object> patient(Map<String, Object> config) {
        Map<String, Object> patient = new HashMap<>(config);
        patient.put("socket.connection.setup.timeout.ms", 30_000);
        patient.put("socket.connection.setup.timeout.max.ms", 30_000);
        return patient;
    }

    /** The password swarm-up generated for a principal, from its file. */
    private String password(String principal) {
        String prefix = KafkaSecurity.PASSWORD_ENV + "=";
        return secret(principal + ".env").lines().filter(l -> l.startsWith(prefix))
                .map(l -> l.substring(prefix.length())).findFirst().orElseThrow();
    }

    private String secret(String file) {
        try {
            return Files.readString(dir.resolve("secrets").resolve(file)).trim();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The host's end and the node's address of a veth of their own; the node's engine linked by its Swarm id. */
    private void link(PrivateNode node, String hostEnd, String address) throws IOException {
        node.linkToHost(hostEnd, address);
        String id = nodeId(node);
        addressOfNode.put(id, address);
        Files.createSymbolicLink(dir.resolve(id + ".sock"), Path.of(node.host().substring("unix://".length())));
    }

    Set<String> nodes() {
        return Set.copyOf(addressOfNode.keySet());
    }

    static String nodeId(PrivateNode node) {
        return node.client().infoCmd().exec().getSwarm().getNodeID();
    }

    /** Runs a command (its arguments as they are, no shell) and fails with its output when it fails. */
    private void run(Map<String, String> env, Duration timeout, String... command) {
        try {
            Path log = Files.createTempFile(dir, "command-", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            boolean ended = process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS);
            String output = Files.readString(log);
            if (!ended) {
                process.destroyForcibly().waitFor();
                throw new AssertionError(String.join(" ", command) + " ran over " + timeout + ":\n" + output);
            }
            if (process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed (" + process.exitValue() + "):\n"
                        + output);
            }
            System.out.print(output.lines().map(l -> "  | " + l + "\n").collect(Collectors.joining()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static long since(long nanos) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - nanos);
    }

    @Override
    public void close() throws IOException {
        try {
            swarm.close();
        } finally {
            try (Stream<Path> all = Files.walk(dir)) {
                all.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
            }
        }
    }
}
