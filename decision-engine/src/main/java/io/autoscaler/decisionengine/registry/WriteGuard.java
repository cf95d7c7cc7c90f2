package io.autoscaler.decisionengine.registry;

import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.autoscaler.events.json.EventJson;
import io.quarkus.runtime.StartupEvent;

/**
 * Guards every request that is not a read (PUT, DELETE and whatever mutating endpoint comes later)
 * with {@link WriteAccess}; refusals are 401 with {@code WWW-Authenticate: Bearer}. The settings are
 * checked at start: a token too short stops the service with the reason.
 */
@ApplicationScoped
public class WriteGuard {
    private static final Logger LOG = Logger.getLogger(WriteGuard.class);
    private static final Set<String> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    @ConfigProperty(name = "autoscaler.api.auth", defaultValue = "on")
    String auth;

    @ConfigProperty(name = "autoscaler.api.token")
    Optional<String> token;

    private volatile WriteAccess access;

    void onStart(@Observes StartupEvent event) {
        WriteAccess checked = access();
        switch (checked.mode()) {
            case TOKEN -> LOG.info(checked.startMessage());
            case CLOSED, OPEN -> LOG.warn(checked.startMessage());
        }
    }

    @ServerRequestFilter
    public Optional<Response> guardWrites(ContainerRequestContext request) {
        if (READS.contains(request.getMethod())) {
            return Optional.empty();
        }
        WriteAccess.Verdict verdict = access().check(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (verdict.allowed()) {
            return Optional.empty();
        }
        return Optional.of(Response.status(Response.Status.UNAUTHORIZED)
                .entity(EventJson.encodeToString(ApiError.of(HttpHeaders.AUTHORIZATION, verdict.reason())))
                .type(MediaType.APPLICATION_JSON).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build());
    }

    private WriteAccess access() {
        if (access == null) {
            access = WriteAccess.of(auth, token);
        }
        return access;
    }
}
