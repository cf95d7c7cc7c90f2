package io.autoscaler.decisionengine.registry;

import java.util.Comparator;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;

import io.autoscaler.decisionengine.engine.DecisionEngine;
import io.autoscaler.events.PoolSpec;
import io.autoscaler.events.json.EventJson;
import io.autoscaler.events.json.MalformedEventException;
import io.smallrye.common.annotation.Blocking;

/**
 * The pool registry: PUT, GET and DELETE /pools, JSON in the events' own mapping. Reads show env keys
 * with masked values; writes are guarded by {@link WriteGuard}; a write Kafka cannot take is a 503
 * with {@code Retry-After}.
 */
@Path("/pools")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "AUTOSCALER_API_TOKEN, required on every write (PUT, DELETE). Without a token configured "
                + "writes are refused, unless AUTOSCALER_API_AUTH=off (a laptop demo: writes open to anyone).")
public class PoolResource {
    private static final String UNAUTHORIZED = "No valid 'Authorization: Bearer <token>', or no token configured "
            + "(writes are then refused); the body says which. Carries WWW-Authenticate: Bearer";
    private static final String UNAVAILABLE = "Kafka did not take the write within the bound (twice "
            + "autoscaler.api.kafka-timeout-ms at most); nothing was changed. Retry after Retry-After seconds";

    @Inject
    PoolRegistry registry;

    @Inject
    DecisionEngine engine;

    @ConfigProperty(name = "autoscaler.api.kafka-timeout-ms", defaultValue = "3000")
    int kafkaTimeoutMs;

    @PUT
    @Path("/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create or replace a pool", description = "Fields left out take their defaults; "
            + "'name' may be left out and must equal the path when given. An env value sent as \"***\" (the mask "
            + "reads show) keeps the stored value of that key, so GET, edit, PUT works; any other value replaces it. "
            + "Idempotent: the spec already stored is answered 200 and writes nothing.")
    @SecurityRequirement(name = "bearer")
    @APIResponse(responseCode = "201", description = "Created; the body is the stored spec, env values masked",
            content = @Content(schema = @Schema(implementation = PoolSpec.class)))
    @APIResponse(responseCode = "200", description = "Updated, or already so (nothing written); the body is the "
            + "stored spec, env values masked", content = @Content(schema = @Schema(implementation = PoolSpec.class)))
    @APIResponse(responseCode = "400", description = "Invalid: every broken rule with its field",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "409", description = "Conflict: another pool is already the default "
            + "(route.default) or already has one of the route's (host, path) pairs; each reason names that pool",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "401", description = UNAUTHORIZED,
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "503", description = UNAVAILABLE, headers = @Header(name = "Retry-After"),
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Response put(@PathParam("name") String name,
            @RequestBody(content = @Content(schema = @Schema(implementation = PoolSpec.class))) String body) {
        PoolSpec given;
        try {
            given = EventJson.decode(body, PoolSpec.class);
        } catch (MalformedEventException e) {
            return json(Response.Status.BAD_REQUEST, ApiError.of("body", e.getMessage()));
        }
        PoolRegistry.Written written;
        try {
            written = registry.put(name, given);
        } catch (PoolRegistry.Unavailable e) {
            return unavailable(e);
        }
        if (written.rejected()) {
            return json(written.conflict() ? Response.Status.CONFLICT : Response.Status.BAD_REQUEST,
                    new ApiError(written.violations()));
        }
        return json(written.created() ? Response.Status.CREATED : Response.Status.OK, EnvMask.masked(written.stored()));
    }

    @GET
    @Operation(summary = "Every pool with its status; env values masked")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = PoolView[].class)))
    public Response list() {
        List<PoolView> pools = registry.all().values().stream().sorted(Comparator.comparing(PoolSpec::name))
                .map(spec -> new PoolView(EnvMask.masked(spec), engine.status(spec.name()))).toList();
        return json(Response.Status.OK, pools);
    }

    @GET
    @Path("/{name}")
    @Operation(summary = "A pool's spec (env values masked) and status: current and desired replicas, last decision "
            + "and its reason, latest metrics")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = PoolView.class)))
    @APIResponse(responseCode = "404", description = "No such pool")
    public Response get(@PathParam("name") String name) {
        return registry.pool(name)
                .map(spec -> json(Response.Status.OK, new PoolView(EnvMask.masked(spec), engine.status(name))))
                .orElseGet(() -> notFound(name));
    }

    @DELETE
    @Path("/{name}")
    @Operation(summary = "Delete a pool (a tombstone on autoscaler.pools); its instances are retired")
    @SecurityRequirement(name = "bearer")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such pool (a retried DELETE that already went through)")
    @APIResponse(responseCode = "401", description = UNAUTHORIZED,
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "503", description = UNAVAILABLE, headers = @Header(name = "Retry-After"),
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Response delete(@PathParam("name") String name) {
        try {
            return registry.delete(name) ? Response.noContent().build() : notFound(name);
        } catch (PoolRegistry.Unavailable e) {
            return unavailable(e);
        }
    }

    private static Response notFound(String name) {
        return json(Response.Status.NOT_FOUND, ApiError.of("name", "no pool named '" + name + "'"));
    }

    /** 503 with a retry hint as long as the bound, at least a second. */
    private Response unavailable(PoolRegistry.Unavailable e) {
        long retryAfter = Math.max(1, (kafkaTimeoutMs + 999) / 1000);
        return Response.fromResponse(json(Response.Status.SERVICE_UNAVAILABLE,
                ApiError.of("kafka", e.getMessage() + "; retry in " + retryAfter + " s")))
                .header(HttpHeaders.RETRY_AFTER, retryAfter).build();
    }

    private static Response json(Response.Status status, Object body) {
        return Response.status(status).entity(EventJson.encodeToString(body)).type(MediaType.APPLICATION_JSON).build();
    }
}
