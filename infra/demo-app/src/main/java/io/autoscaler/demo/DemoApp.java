package io.autoscaler.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import sun.misc.Signal;

/**
 * The web app the stack scales by default: answers who it is, burns CPU or waits on request, and on
 * SIGTERM stops accepting, lets in-flight requests finish, then exits 0, as a well-behaved app
 * behind a load balancer should.
 */
public final class DemoApp {
    static final long MAX_MS = 60_000;

    private final HttpServer server;
    private final ExecutorService workers;
    private final String host;
    private final AtomicInteger inFlight = new AtomicInteger();

    private DemoApp(int port, String host) throws IOException {
        this.host = host;
        this.server = HttpServer.create(new InetSocketAddress(port), 128);
        // Plenty of threads: /sleep requests must not queue behind each other.
        this.workers = Executors.newFixedThreadPool(64, r -> {
            Thread t = new Thread(r, "demo-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(workers);
        server.createContext("/", this::handle);
    }

    public static void main(String[] args) throws IOException {
        long started = System.nanoTime();
        int port = Integer.parseInt(env("PORT", "8080"));
        int graceSeconds = Integer.parseInt(env("SHUTDOWN_GRACE_SECONDS", "30"));
        DemoApp app = new DemoApp(port, hostname());
        Signal.handle(new Signal("TERM"), signal -> app.stopAndExit(graceSeconds));
        app.server.start();
        long jvmToReadyMs = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        log("listening on :%d as %s (main %d ms, JVM start to ready %d ms)", port, app.host,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), jvmToReadyMs);
    }

    /** Starts an app on {@code port} (0: any free port), for tests. */
    static DemoApp start(int port, String host) throws IOException {
        DemoApp app = new DemoApp(port, host);
        app.server.start();
        return app;
    }

    int port() {
        return server.getAddress().getPort();
    }

    void stop() {
        server.stop(0);
        workers.shutdownNow();
    }

    private void stopAndExit(int graceSeconds) {
        log("SIGTERM: no longer accepting; waiting for %d in-flight request(s), at most %d s", inFlight.get(),
                graceSeconds);
        // HttpServer.stop closes the listener at once but, on JDK 17, then always waits out its whole delay;
        // so it runs aside while we exit as soon as the last in-flight request is answered.
        Thread stopper = new Thread(() -> server.stop(graceSeconds), "demo-stop");
        stopper.setDaemon(true);
        stopper.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(graceSeconds);
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            Load.sleep(20);
        }
        log("stopped with %d request(s) unfinished", inFlight.get());
        System.exit(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        inFlight.incrementAndGet();
        try (exchange) {
            Response response = route(exchange.getRequestMethod(), exchange.getRequestURI());
            byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(response.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } finally {
            inFlight.decrementAndGet();
        }
    }

    Response route(String method, URI uri) {
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            return Response.error(405, "only GET is supported");
        }
        String path = uri.getPath();
        switch (path) {
            case "/":
                return Response.ok("{\"host\":\"" + host + "\",\"message\":\"Hello\"}");
            case "/health":
                return Response.ok("{\"status\":\"UP\"}");
            case "/work":
            case "/sleep": {
                long ms;
                try {
                    ms = Query.millis(uri.getRawQuery(), MAX_MS);
                } catch (IllegalArgumentException e) {
                    return Response.error(400, e.getMessage());
                }
                if (path.equals("/work")) {
                    Load.burnCpu(ms);
                } else {
                    Load.sleep(ms);
                }
                return Response.ok("{\"host\":\"" + host + "\",\"" + path.substring(1) + "Ms\":" + ms + "}");
            }
            default:
                return Response.error(404, "no such path: " + path);
        }
    }

    private static String hostname() {
        String fromEnv = System.getenv("HOSTNAME");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    static void log(String format, Object... args) {
        System.out.printf("%tFT%<tT.%<tLZ demo-app %s%n", System.currentTimeMillis(), String.format(format, args));
    }

    record Response(int status, String body) {
        static Response ok(String json) {
            return new Response(200, json);
        }

        static Response error(int status, String message) {
            return new Response(status, "{\"error\":\"" + message.replace("\"", "'") + "\"}");
        }
    }
}
