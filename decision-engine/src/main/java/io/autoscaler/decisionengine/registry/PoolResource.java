package io.autoscaler.decisionengine.registry;

import java.util.Comparator;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
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

/** The pool registry: PUT, GET and DELETE /pools, JSON in the events' own mapping. */
@Path("/pools")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "Required on PUT and DELETE when AUTOSCALER_API_TOKEN is set")
public class PoolResource {
    @Inject
    PoolRegistry registry;

    @Inject
    DecisionEngine engine;

    @Inject
    ApiToken token;

    @PUT
    @Path("/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create or replace a pool", description = "Fields left out take their defaults; "
            + "'name' may be left out and must equal the path when given.")
    @SecurityRequirement(name = "bearer")
    @APIResponse(responseCode = "201", description = "Created; the body is the stored spec",
            content = @Content(schema = @Schema(implementation = PoolSpec.class)))
    @APIResponse(responseCode = "200", description = "Updated; the body is the stored spec",
            content = @Content(schema = @Schema(implementation = PoolSpec.class)))
    @APIResponse(responseCode = "400", description = "Invalid: every broken rule with its field",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "401", description = "A bearer token is configured and this one is not it")
    public Response put(@PathParam("name") String name, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @RequestBody(content = @Content(schema = @Schema(implementation = PoolSpec.class))) String body) {
        if (!token.permits(authorization)) {
            return unauthorized();
        }
        PoolSpec given;
        try {
            given = EventJson.decode(body, PoolSpec.class);
        } catch (MalformedEventException e) {
            return json(Response.Status.BAD_REQUEST, ApiError.of("body", e.getMessage()));
        }
        PoolRegistry.Written written = registry.put(name, given);
        if (written.rejected()) {
            return json(Response.Status.BAD_REQUEST, new ApiError(written.violations()));
        }
        return json(written.created() ? Response.Status.CREATED : Response.Status.OK, written.stored());
    }

    @GET
    @Operation(summary = "Every pool with its status")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = PoolView[].class)))
    public Response list() {
        List<PoolView> pools = registry.all().values().stream().sorted(Comparator.comparing(PoolSpec::name))
                .map(spec -> new PoolView(spec, engine.status(spec.name()))).toList();
        return json(Response.Status.OK, pools);
    }

    @GET
    @Path("/{name}")
    @Operation(summary = "A pool's spec and status: current and desired replicas, last decision and its reason, "
            + "latest metrics")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = PoolView.class)))
    @APIResponse(responseCode = "404", description = "No such pool")
    public Response get(@PathParam("name") String name) {
        return registry.pool(name).map(spec -> json(Response.Status.OK, new PoolView(spec, engine.status(name))))
                .orElseGet(() -> notFound(name));
    }

    @DELETE
    @Path("/{name}")
    @Operation(summary = "Delete a pool (a tombstone on autoscaler.pools); its instances are retired")
    @SecurityRequirement(name = "bearer")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such pool")
    @APIResponse(responseCode = "401", description = "A bearer token is configured and this one is not it")
    public Response delete(@PathParam("name") String name,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        if (!token.permits(authorization)) {
            return unauthorized();
        }
        return registry.delete(name) ? Response.noContent().build() : notFound(name);
    }

    private static Response notFound(String name) {
        return json(Response.Status.NOT_FOUND, ApiError.of("name", "no pool named '" + name + "'"));
    }

    private static Response unauthorized() {
        return Response.fromResponse(json(Response.Status.UNAUTHORIZED,
                ApiError.of(HttpHeaders.AUTHORIZATION, "a valid 'Bearer <token>' is required for writes")))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }

    private static Response json(Response.Status status, Object body) {
        return Response.status(status).entity(EventJson.encodeToString(body)).type(MediaType.APPLICATION_JSON).build();
    }
}
