package dev.switchboard.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A WebSocket upgrade request written by hand on a socket, so a test sees exactly what a browser would send
 * ({@code Origin}, no {@code Authorization}) and exactly what the server answers: status, every header, the body.
 */
public record RawUpgrade(int status, List<String> headers, String body) {

    /** Sends {@code GET path} with the upgrade headers plus {@code extraHeaders} ("Name: value"). */
    public static RawUpgrade send(String httpBase, String path, String... extraHeaders) {
        URI base = URI.create(httpBase);
        try (var socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            var request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n");
            for (String h : extraHeaders) request.append(h).append("\r\n");
            socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            return read(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RawUpgrade read(InputStream in) throws IOException {
        String statusLine = line(in);
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        var headers = new ArrayList<String>();
        long length = -1;
        boolean chunked = false;
        for (String h = line(in); !h.isEmpty(); h = line(in)) {
            headers.add(h);
            String lower = h.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) length = Long.parseLong(h.substring(15).trim());
            if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) chunked = true;
        }
        if (status == 101) return new RawUpgrade(status, headers, ""); // frames follow, not a body
        byte[] body = chunked ? chunks(in) : length >= 0 ? in.readNBytes((int) length) : in.readAllBytes();
        return new RawUpgrade(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] chunks(InputStream in) throws IOException {
        var out = new ByteArrayOutputStream();
        for (int size = Integer.parseInt(line(in).split(";")[0].trim(), 16); size > 0;
             size = Integer.parseInt(line(in).split(";")[0].trim(), 16)) {
            out.write(in.readNBytes(size));
            line(in); // the CRLF after each chunk
        }
        return out.toByteArray();
    }

    private static String line(InputStream in) throws IOException {
        var out = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) if (b != '\r') out.write(b);
        return out.toString(StandardCharsets.US_ASCII);
    }

    /** The value of the first header named {@code name}, or null. */
    public String header(String name) {
        String prefix = name.toLowerCase(Locale.ROOT) + ":";
        return headers.stream().filter(h -> h.toLowerCase(Locale.ROOT).startsWith(prefix))
                .map(h -> h.substring(prefix.length()).trim()).findFirst().orElse(null);
    }
}
