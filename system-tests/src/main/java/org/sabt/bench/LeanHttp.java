package org.sabt.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * One keep-alive HTTP/1.1 connection that sends a request and reads its answer, for the scenarios where the bench's
 * own client would otherwise be what is measured: the JDK's HttpClient does all its I/O on one selector thread, which
 * on this 2-core machine caps a fast endpoint well below what the service answers. One per client thread; it reconnects
 * when the server closes. Understands Content-Length and chunked answers, nothing more.
 */
final class LeanHttp implements AutoCloseable {

    /** An answer: its status and body. */
    record Answer(int status, String body) {
    }

    private final URI base;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    LeanHttp(String base) {
        this.base = URI.create(base);
    }

    Answer postJson(String path, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return send(("POST " + path + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                + "\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: " + body.length
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII), body);
    }

    /** A GET with a bearer token and a reason (the audited reads'). */
    Answer get(String pathAndQuery, String token, String reason) throws IOException {
        return send(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                + "\r\nAccept: application/json\r\nAuthorization: Bearer " + token + "\r\nX-Reason: " + reason
                + "\r\n\r\n").getBytes(StandardCharsets.UTF_8), new byte[0]);
    }

    private Answer send(byte[] head, byte[] body) throws IOException {
        for (int attempt = 0; ; attempt++) {
            try {
                connect();
                out.write(head);
                out.write(body);
                out.flush();
                return read();
            } catch (IOException e) {
                close();
                if (attempt > 0) {
                    throw e;
                }
            }
        }
    }

    /** Keep-alive connections to each address, one per client thread at a time. */
    static final class Pool implements AutoCloseable {

        private final java.util.Map<String, java.util.concurrent.ConcurrentLinkedQueue<LeanHttp>> idle =
                new java.util.concurrent.ConcurrentHashMap<>();

        <T> T with(String base, IoFunction<LeanHttp, T> call) throws IOException {
            var connections = idle.computeIfAbsent(base, b -> new java.util.concurrent.ConcurrentLinkedQueue<>());
            LeanHttp http = connections.poll();
            if (http == null) {
                http = new LeanHttp(base);
            }
            try {
                return call.apply(http);
            } finally {
                connections.add(http);
            }
        }

        @Override
        public void close() {
            idle.values().forEach(q -> q.forEach(LeanHttp::close));
        }
    }

    @FunctionalInterface
    interface IoFunction<A, B> {
        B apply(A a) throws IOException;
    }

    private void connect() throws IOException {
        if (socket == null) {
            socket = new Socket(base.getHost(), base.getPort());
            socket.setTcpNoDelay(true);
            in = new BufferedInputStream(socket.getInputStream(), 16384);
            out = socket.getOutputStream();
        }
    }

    private Answer read() throws IOException {
        String status = line();
        if (status == null) {
            throw new IOException("closed");
        }
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean closing = false;
        for (String header = line(); header != null && !header.isEmpty(); header = line()) {
            String h = header.toLowerCase();
            if (h.startsWith("content-length:")) {
                length = Long.parseLong(h.substring(15).trim());
            } else if (h.startsWith("transfer-encoding:") && h.contains("chunked")) {
                chunked = true;
            } else if (h.startsWith("connection:") && h.contains("close")) {
                closing = true;
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (chunked) {
            for (long size = Long.parseLong(line().trim(), 16); size > 0; size = Long.parseLong(line().trim(), 16)) {
                copy(size, body);
                line();
            }
            line();
        } else if (length > 0) {
            copy(length, body);
        }
        if (closing) {
            close();
        }
        return new Answer(code, body.toString(StandardCharsets.UTF_8));
    }

    private void copy(long n, ByteArrayOutputStream to) throws IOException {
        byte[] buffer = new byte[8192];
        while (n > 0) {
            int r = in.read(buffer, 0, (int) Math.min(buffer.length, n));
            if (r < 0) {
                throw new IOException("closed in a body");
            }
            to.write(buffer, 0, r);
            n -= r;
        }
    }

    private String line() throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                return b.isEmpty() ? null : b.toString();
            }
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            socket = null;
        }
    }
}
