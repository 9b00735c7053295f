package dev.switchboard.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * An idle SSE subscriber kept as cheap as possible on the generator's side: a plain socket that sends the
 * request, reads the status line and then drains (and discards) whatever the server sends, on a virtual
 * thread. Ten thousand HttpClient streams would cost the generator far more memory than the server.
 */
final class IdleConnection implements AutoCloseable {
    private final Socket socket;
    private volatile int status;

    IdleConnection(URI base, String pathAndQuery, String token) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 10_000);
        String request = "GET " + pathAndQuery + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                + "\r\nAuthorization: Bearer " + token + "\r\nAccept: text/event-stream\r\n\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        Thread.ofVirtual().name("idle-sse").start(this::drain);
    }

    private void drain() {
        try (InputStream in = socket.getInputStream()) {
            var statusLine = new StringBuilder();
            int b;
            while ((b = in.read()) != -1 && b != '\n') statusLine.append((char) b);
            String[] parts = statusLine.toString().split(" ");
            status = parts.length > 1 ? Integer.parseInt(parts[1].trim()) : -1;
            byte[] buf = new byte[512];
            while (in.read(buf) != -1) {
                // discard keep-alive comments and anything else
            }
        } catch (IOException | NumberFormatException e) {
            if (status == 0) status = -1;
        }
    }

    /** 0 while no status line has arrived, -1 if the connection failed. */
    int status() {
        return status;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
