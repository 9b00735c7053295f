package dev.switchboard.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 over a plain socket, for requests no client library would send (a malformed chunk, a bad version, a path
 * that is not UTF-8) and for watching how the server ends a connection.
 */
public final class RawHttp {
    private final int port;

    public RawHttp(int port) {
        this.port = port;
    }

    /** The server's answer as parsed from the wire. */
    public record Answer(int status, String head, String body) {
        public String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) return line.substring(colon + 1).trim();
            }
            return null;
        }

        public JsonNode json() {
            return Json.readStored(body);
        }
    }

    /** Sends {@code request} (Latin-1, so any byte can be written as a char) and reads the answer until the server closes. */
    public Answer exchange(String request) {
        return exchange(request.getBytes(StandardCharsets.ISO_8859_1));
    }

    public Answer exchange(byte[] request) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            String raw = readAll(socket.getInputStream());
            int split = raw.indexOf("\r\n\r\n");
            if (!raw.startsWith("HTTP/1.1 ") || split < 0) throw new AssertionError("not an HTTP answer: " + raw);
            return new Answer(Integer.parseInt(raw.substring(9, 12)), raw.substring(0, split), raw.substring(split + 4));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Everything the server sends until it closes (the requests here all ask for {@code Connection: close}). */
    static String readAll(InputStream in) throws IOException {
        var out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) out.write(buffer, 0, n);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server neither answered fully nor closed within 15 s: " + out, e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Opens a connection for a test that writes and reads at its own pace. */
    public Socket open() {
        try {
            var socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(15_000);
            return socket;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
