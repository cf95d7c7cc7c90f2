package io.autoscaler.provisioner.docker;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.jboss.logging.Logger;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import com.github.dockerjava.api.model.Service;

import io.autoscaler.events.Naming;
import io.autoscaler.events.PoolSpec;

/**
 * The provisioner's door to a Swarm cluster (placement {@code swarm}), through a manager at {@code docker.host}:
 * each instance is a single-replica service ({@link SwarmService}); the id the loop holds is the service's.
 * Swarm chooses the node; everything else stays the loop's: start is a scale to one, stop a scale to none,
 * and Swarm never restarts a task. As with {@link DockerEngine}, stop and remove touch only services that
 * carry our labels and this stack's id.
 */
public class SwarmEngine implements ContainerEngine {
    private static final Logger LOG = Logger.getLogger(SwarmEngine.class);
    /** How long a start waits for Swarm to place the task and run its container (an image pull included). */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** On top of the stop grace: Swarm's report that the container ended comes through the task's node. */
    private static final Duration STOP_MARGIN = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Set<String> DEATHS = Set.of("die", "stop", "destroy", "oom");

    private final DockerClient docker;
    private final SwarmApi api;
    private final String stackId;
    private final Duration stopGrace;
    private final StackLabels ours;

    public SwarmEngine(String host, String stackId, Duration stopGrace) {
        Connection connection = Connection.to(host);
        this.docker = connection.docker();
        this.api = new SwarmApi(connection.http());
        this.stackId = stackId;
        this.stopGrace = stopGrace;
        this.ours = new StackLabels(stackId);
    }

    /** Creates the instance's service with no replica: nothing runs until {@link #start}. */
    @Override
    public String create(PoolSpec spec, String instanceId) {
        return docker.createServiceCmd(SwarmService.of(spec, instanceId, stackId, stopGrace)).exec().getId();
    }

    /**
     * Scales the service to one and waits until its task runs: Swarm chose a node with the reservations free
     * and that node started the container. A task Swarm cannot place or start fails the start in Swarm's words.
     */
    @Override
    public void start(String serviceId) {
        api.scale(serviceId, 1, stopGrace);
        SwarmTask task = await(serviceId, START_TIMEOUT, t -> t.running() || t.ended())
                .orElseThrow(() -> new IllegalStateException("Swarm did not run a task of service " + serviceId
                        + " within " + START_TIMEOUT.toSeconds() + " s: " + describe(serviceId)));
        if (!task.running()) {
            throw new IllegalStateException("Swarm's task of service " + serviceId + " " + task.describe());
        }
    }

    /** The address Swarm gave the service's task on {@code network}, wherever the task runs. */
    @Override
    public Optional<String> ipOn(String serviceId, String network) {
        return SwarmTask.latest(api.tasks(List.of(serviceId)), serviceId)
                .map(t -> t.addresses().get(network));
    }

    /** Scales the service to none (SIGTERM, SIGKILL after {@code grace}) and waits for its task to end. */
    @Override
    public void stop(String serviceId, Duration grace) {
        if (!managed(serviceId)) {
            return;
        }
        try {
            api.scale(serviceId, 0, grace);
        } catch (NotFoundException e) {
            return;
        }
        if (SwarmTask.latest(api.tasks(List.of(serviceId)), serviceId).isEmpty()) {
            return; // never started
        }
        // a task on a node that is down never reports its end: the remove that follows settles it
        if (await(serviceId, grace.plus(STOP_MARGIN), SwarmTask::ended).isEmpty()) {
            LOG.infof("Service %s: no end reported within %d s (%s)", serviceId,
                    grace.plus(STOP_MARGIN).toSeconds(), describe(serviceId));
        }
    }

    /** Removes the service; Swarm removes its container on whichever node it is, now or when that node is back. */
    @Override
    public void remove(String serviceId) {
        if (!managed(serviceId)) {
            return;
        }
        try {
            docker.removeServiceCmd(serviceId).exec();
        } catch (NotFoundException e) {
            LOG.debugf("Service %s already removed", serviceId);
        }
    }

    /** Every service of this stack, "running" only while its task runs on a node that is up. */
    @Override
    public List<ManagedContainer> listManaged() {
        List<Service> services = docker.listServicesCmd().withLabelFilter(ours.labels()).exec();
        List<SwarmTask> tasks = services.isEmpty() ? List.of()
                : api.tasks(services.stream().map(Service::getId).toList());
        return services.stream().map(s -> {
            Map<String, String> labels = s.getSpec().getLabels();
            String state = SwarmTask.latest(tasks, s.getId()).map(t -> t.running() ? "running" : t.describe())
                    .orElse("created");
            return new ManagedContainer(s.getId(), labels.get(Naming.LABEL_POOL), labels.get(Naming.LABEL_INSTANCE),
                    labels.get(Naming.LABEL_TEMPLATE), state,
                    s.getCreatedAt() == null ? null : s.getCreatedAt().toInstant());
        }).filter(c -> c.pool() != null && c.instanceId() != null).toList();
    }

    /**
     * Calls {@code onChange} on any service or node change (a node going down is one) and when one of our
     * containers on the manager's own node dies. Swarm has no events for tasks: a task that ends on another
     * node is seen at the next resync.
     */
    @Override
    public Closeable followEvents(Consumer<String> onChange, Consumer<Throwable> onEnd) {
        return docker.eventsCmd().withEventTypeFilter(EventType.SERVICE, EventType.NODE, EventType.CONTAINER)
                .exec(new ResultCallback.Adapter<Event>() {
                    @Override
                    public void onNext(Event event) {
                        if (event.getType() != EventType.CONTAINER || ourDeath(event)) {
                            onChange.accept(event.getActor() == null ? event.getId() : event.getActor().getId());
                        }
                    }

                    @Override
                    public void onError(Throwable throwable) {
                        onEnd.accept(throwable);
                    }

                    @Override
                    public void onComplete() {
                        onEnd.accept(null);
                    }
                });
    }

    private boolean ourDeath(Event event) {
        Map<String, String> attributes = event.getActor() == null ? null : event.getActor().getAttributes();
        return DEATHS.contains(event.getAction()) && attributes != null
                && attributes.entrySet().containsAll(ours.labels().entrySet());
    }

    /** The service's latest task once it satisfies {@code done}, polled until {@code timeout}. */
    private Optional<SwarmTask> await(String serviceId, Duration timeout, Predicate<SwarmTask> done) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            Optional<SwarmTask> task = SwarmTask.latest(api.tasks(List.of(serviceId)), serviceId).filter(done);
            if (task.isPresent() || Instant.now().isAfter(deadline)) {
                return task;
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for service " + serviceId, e);
            }
        }
    }

    private String describe(String serviceId) {
        return SwarmTask.latest(api.tasks(List.of(serviceId)), serviceId).map(SwarmTask::describe)
                .orElse("no task yet");
    }

    /** True only for a service carrying our labels and stack id; a foreign or vanished one is left alone. */
    private boolean managed(String serviceId) {
        try {
            return ours.carriedBy("service", serviceId,
                    docker.inspectServiceCmd(serviceId).exec().getSpec().getLabels());
        } catch (NotFoundException e) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            docker.close();
        } catch (IOException e) {
            LOG.debugf("Closing the Docker client: %s", e);
        }
    }
}
