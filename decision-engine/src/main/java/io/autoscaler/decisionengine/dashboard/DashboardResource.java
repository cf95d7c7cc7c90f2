package io.autoscaler.decisionengine.dashboard;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The dashboard's live stream; the page itself is static (META-INF/resources/dashboard). Like GET /pools
 * it needs no token: it carries no env values, only what the pools API and the topics' readers see.
 */
@Path("/dashboard/stream")
public class DashboardResource {
    @Inject
    Feed feed;

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Server-sent events for the dashboard: the overview, or one pool with ?pool=<name>")
    public void stream(@QueryParam("pool") String pool, @Context SseEventSink sink, @Context Sse sse) {
        feed.subscribe(pool == null || pool.isBlank() ? null : pool, sink, sse);
    }
}
