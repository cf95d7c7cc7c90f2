package io.autoscaler.metricscollector;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A unix socket that forwards to the Docker socket and can be taken away and brought back: from the
 * collector's side, Docker restarting (connections cut, new ones refused, then answered again),
 * without touching the machine's real Docker engine.
 */
final class DockerSocketProxy implements AutoCloseable {
    private final Path path;
    private final Path docker;
    private final List<SocketChannel> open = new CopyOnWriteArrayList<>();
    private volatile ServerSocketChannel server;

    DockerSocketProxy(Path path, Path docker) {
        this.path = path;
        this.docker = docker;
    }

    String dockerHost() {
        return "unix://" + path;
    }

    synchronized void start() {
        try {
            Files.deleteIfExists(path);
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ServerSocketChannel listening = server;
        daemon("docker-proxy-accept", () -> {
            while (listening.isOpen()) {
                try {
                    SocketChannel client = listening.accept();
                    SocketChannel upstream = SocketChannel.open(UnixDomainSocketAddress.of(docker));
                    open.add(client);
                    open.add(upstream);
                    daemon("docker-proxy-up", () -> pump(client, upstream));
                    daemon("docker-proxy-down", () -> pump(upstream, client));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    /** Docker "stops": the socket disappears and every connection through it is cut. */
    synchronized void stop() {
        try {
            if (server != null) {
                server.close();
            }
            for (SocketChannel c : open) {
                c.close();
            }
            open.clear();
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void pump(SocketChannel from, SocketChannel to) {
        ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
        try {
            while (from.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    to.write(buffer);
                }
                buffer.clear();
            }
        } catch (IOException e) {
            // cut: close both ends below
        }
        try {
            from.close();
            to.close();
        } catch (IOException e) {
            // already closed
        }
        open.remove(from);
        open.remove(to);
    }

    private static void daemon(String name, Runnable work) {
        Thread t = new Thread(work, name);
        t.setDaemon(true);
        t.start();
    }
}
