package com.payledger.infra.benchmark;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The benchmark's HTTP/1.1 client: blocking, keep-alive connections in a pool (about one per concurrent caller),
 * each request written in one go and its response read on the caller's thread.
 *
 * <p>Why not {@code java.net.http.HttpClient}: the load generator shares the machine's two cores with the service and
 * PostgreSQL, so whatever it spends per request is taken from the service being measured. The JDK client hands each
 * request to a single selector thread and back through futures, two thread hops per request; the JDBC baselines pay
 * nothing like that, since the PostgreSQL driver reads and writes on the caller's thread. This client does the same,
 * so a ratio to a baseline compares the two servers rather than the two clients.
 *
 * <p>It speaks only what the ledger's server sends: a status line, headers, and a body framed by
 * {@code Content-Length}, by chunks, or by the connection's close. A connection the server closed (it closes one
 * after {@code server.tomcat.max-keep-alive-requests} requests, or when idle) is replaced; a request whose reused
 * connection failed before the status line came back is sent once more on a new one. The server may have handled it
 * all the same, which every request of the benchmark allows: a transfer sent again with its id answers 201 again.
 * No {@code Expect: 100-continue} is ever sent, so no interim response comes back.
 */
final class KeepAliveHttp implements AutoCloseable {

    /** A response's status and body, read in full. */
    record Response(int status, String body) {
    }

    private final InetSocketAddress address;
    private final String host;
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();

    KeepAliveHttp(String base) {
        URI uri = URI.create(base);
        if (!"http".equals(uri.getScheme()) || uri.getPort() < 0) {
            throw new IllegalArgumentException("an http://host:port base is needed, not " + base);
        }
        this.address = new InetSocketAddress(uri.getHost(), uri.getPort());
        this.host = uri.getHost() + ":" + uri.getPort();
    }

    Response get(String path, String authorization) throws IOException {
        return send(request("GET", path, authorization, null));
    }

    Response postJson(String path, String authorization, String json) throws IOException {
        return send(request("POST", path, authorization, json));
    }

    private byte[] request(String method, String path, String authorization, String json) {
        StringBuilder head = new StringBuilder(256).append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append("\r\n")
                .append("Authorization: ").append(authorization).append("\r\n")
                .append("Accept: application/json\r\n");
        byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
        if (json != null) {
            head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
        }
        byte[] headBytes = head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(body, 0, all, headBytes.length, body.length);
        return all;
    }

    private Response send(byte[] request) throws IOException {
        Connection reused = idle.pollFirst();
        if (reused != null) {
            try {
                return exchange(reused, request);
            } catch (StaleConnection stale) {
                // Most likely closed by the server before the request reached it; sending again is safe (above).
                reused.close();
            }
        }
        return exchange(new Connection(address), request);
    }

    private Response exchange(Connection connection, byte[] request) throws IOException {
        boolean keep = false;
        try {
            Response response = connection.exchange(request);
            keep = connection.open;
            return response;
        } finally {
            if (keep) {
                idle.offerFirst(connection);
            } else {
                connection.close();
            }
        }
    }

    @Override
    public void close() {
        for (Connection connection = idle.pollFirst(); connection != null; connection = idle.pollFirst()) {
            connection.close();
        }
    }

    /** The server closed a reused connection before any byte of the response: the request can be sent again. */
    private static final class StaleConnection extends IOException {
        StaleConnection() {
            super("the server had closed the connection");
        }
    }

    private static final class Connection {

        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private boolean open = true;
        private boolean used;

        Connection(InetSocketAddress address) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(address);
            socket.setSoTimeout(60_000);
            in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            out = socket.getOutputStream();
        }

        Response exchange(byte[] request) throws IOException {
            boolean first = !used;
            used = true;
            String statusLine;
            try {
                out.write(request);
                out.flush();
                statusLine = line(true);
            } catch (EOFException | SocketException closed) {
                open = false;
                if (first) {
                    throw closed;
                }
                throw new StaleConnection();
            }
            int status = Integer.parseInt(statusLine.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            for (String header = line(false); !header.isEmpty(); header = line(false)) {
                int colon = header.indexOf(':');
                String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = header.substring(colon + 1).trim();
                switch (name) {
                    case "content-length" -> length = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    case "connection" -> open &= !"close".equalsIgnoreCase(value);
                    default -> {
                    }
                }
            }
            String body;
            if (status == 204 || status == 304 || status / 100 == 1) {
                body = "";
            } else if (chunked) {
                body = chunks();
            } else if (length >= 0) {
                body = new String(exactly((int) length), StandardCharsets.UTF_8);
            } else {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                open = false;
            }
            return new Response(status, body);
        }

        private String chunks() throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String size = line(false);
                int extension = size.indexOf(';');
                int length = Integer.parseInt(extension < 0 ? size.trim() : size.substring(0, extension).trim(), 16);
                if (length == 0) {
                    while (!line(false).isEmpty()) {
                        // Trailers: none expected, but they end at an empty line like headers.
                    }
                    return body.toString(StandardCharsets.UTF_8);
                }
                body.write(exactly(length));
                line(false);
            }
        }

        /** {@code length} bytes of a body; a connection that ends before them is closed and an error. */
        private byte[] exactly(int length) throws IOException {
            byte[] bytes = in.readNBytes(length);
            if (bytes.length < length) {
                open = false;
                throw new EOFException("a body cut short: " + bytes.length + " of " + length + " bytes");
            }
            return bytes;
        }

        /** One CRLF-terminated line; an end of stream before its first byte is an {@link EOFException}. */
        private String line(boolean statusLine) throws IOException {
            StringBuilder line = new StringBuilder(statusLine ? 32 : 64);
            while (true) {
                int next = in.read();
                if (next < 0) {
                    throw new EOFException(line.isEmpty() ? "no response" : "a truncated response");
                }
                if (next == '\n') {
                    int end = line.length();
                    return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
                }
                line.append((char) next);
            }
        }

        void close() {
            open = false;
            try {
                socket.close();
            } catch (IOException ignored) {
                // Closing is all that is left to do with it.
            }
        }
    }
}
