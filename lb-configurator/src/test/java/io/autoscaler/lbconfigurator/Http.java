package io.autoscaler.lbconfigurator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One HTTP/1.1 GET to a loopback port with a chosen Host header and cookie (java.net.http refuses to
 * set Host), closed after the answer.
 */
record Http(int status, String headers, String body) {
    private static final Pattern APP_HOST = Pattern.compile("\"host\":\"([^\"]+)\"");

    static Http get(int port, String host, String path, String cookie) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            String request = "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n"
                    + (cookie == null ? "" : "Cookie: " + cookie + "\r\n") + "\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            String text = answer.toString(StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            String head = end < 0 ? text : text.substring(0, end);
            int status = Integer.parseInt(head.split(" ", 3)[1]);
            return new Http(status, head, end < 0 ? "" : text.substring(end + 4));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The demo app's host name in the body: which instance served. */
    String servedBy() {
        Matcher m = APP_HOST.matcher(body);
        return m.find() ? m.group(1) : "none(" + status + ")";
    }

    /** The {@code name=value} of a Set-Cookie header for this cookie name. */
    Optional<String> setCookie(String name) {
        return headers.lines().filter(l -> l.toLowerCase().startsWith("set-cookie: " + name.toLowerCase() + "="))
                .map(l -> l.substring("set-cookie: ".length()).split(";")[0]).findFirst();
    }
}
