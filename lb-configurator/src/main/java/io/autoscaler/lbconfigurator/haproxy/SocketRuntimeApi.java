package io.autoscaler.lbconfigurator.haproxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The HAProxy runtime API over TCP ({@code tcp://host:port}) or a unix socket (a path). Each call
 * opens a connection, sends one line and reads until HAProxy closes it, which it does after every
 * non-interactive command: no session to keep, so an HAProxy restart needs no reconnect logic.
 * Every call is bounded by the timeout, connect included.
 */
public final class SocketRuntimeApi implements RuntimeApi {
    private final SocketAddress address;
    private final String description;
    private final Duration timeout;

    private SocketRuntimeApi(SocketAddress address, String description, Duration timeout) {
        this.address = address;
        this.description = description;
        this.timeout = timeout;
    }

    /** {@code tcp://host:port}, or a unix socket path (optionally {@code unix://path}). */
    public static SocketRuntimeApi of(String location, Duration timeout) {
        if (location.startsWith("tcp://")) {
            URI uri = URI.create(location);
            if (uri.getHost() == null || uri.getPort() < 0) {
                throw new IllegalArgumentException("expected tcp://host:port, got " + location);
            }
            return new SocketRuntimeApi(InetSocketAddress.createUnresolved(uri.getHost(), uri.getPort()), location,
                    timeout);
        }
        String path = location.startsWith("unix://") ? location.substring("unix://".length()) : location;
        return new SocketRuntimeApi(UnixDomainSocketAddress.of(Path.of(path)), location, timeout);
    }

    @Override
    public String send(String commandLine) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (SocketChannel channel = SocketChannel.open(address instanceof InetSocketAddress i
                ? java.net.StandardProtocolFamily.INET
                : java.net.StandardProtocolFamily.UNIX); Selector selector = Selector.open()) {
            channel.configureBlocking(false);
            SocketAddress target = address instanceof InetSocketAddress i && i.isUnresolved()
                    ? new InetSocketAddress(i.getHostString(), i.getPort())
                    : address;
            if (!channel.connect(target)) {
                await(channel, selector, SelectionKey.OP_CONNECT, deadline, commandLine);
                channel.finishConnect();
            }
            ByteBuffer out = ByteBuffer.wrap((commandLine + "\n").getBytes(StandardCharsets.UTF_8));
            while (out.hasRemaining()) {
                if (channel.write(out) == 0) {
                    await(channel, selector, SelectionKey.OP_WRITE, deadline, commandLine);
                }
            }
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            ByteBuffer in = ByteBuffer.allocate(64 * 1024);
            while (true) {
                int read = channel.read(in);
                if (read < 0) {
                    return answer.toString(StandardCharsets.UTF_8);
                }
                if (read == 0) {
                    await(channel, selector, SelectionKey.OP_READ, deadline, commandLine);
                } else {
                    answer.write(in.array(), 0, in.position());
                    in.clear();
                }
            }
        } catch (IOException e) {
            throw new RuntimeApiException(commandLine, description + ": " + e, e);
        }
    }

    private void await(SocketChannel channel, Selector selector, int op, long deadline, String commandLine)
            throws IOException {
        long left = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
        if (left <= 0) {
            throw new RuntimeApiException(commandLine, "no answer from " + description + " within " + timeout, null);
        }
        SelectionKey key = channel.register(selector, op);
        selector.select(left);
        key.interestOps(0);
        selector.selectedKeys().clear();
        if (System.nanoTime() >= deadline) {
            throw new RuntimeApiException(commandLine, "no answer from " + description + " within " + timeout, null);
        }
    }

    @Override
    public String toString() {
        return description;
    }
}
