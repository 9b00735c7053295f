package dev.switchboard.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A load balancer for tests: each new TCP connection goes to the next backend in turn, no stickiness, and a backend
 * that refuses the connection (a killed node) is skipped, as a balancer's health check would. Bytes are copied both
 * ways on virtual threads until either side closes. Clients that send {@code Connection: close} therefore spread
 * their requests over every node; a long-lived SSE stream stays on one until it reconnects.
 */
final class RoundRobinProxy implements AutoCloseable {
    private final List<InetSocketAddress> backends;
    private final ServerSocket listener;
    private final AtomicInteger next = new AtomicInteger();
    private volatile boolean closed;

    RoundRobinProxy(List<InetSocketAddress> backends) throws IOException {
        this.backends = List.copyOf(backends);
        this.listener = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("proxy-accept").start(this::accept);
    }

    String url() {
        return "http://127.0.0.1:" + listener.getLocalPort();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                Thread.ofVirtual().start(() -> relay(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void relay(Socket client) {
        Socket backend = connect();
        if (backend == null) {
            closeQuietly(client);
            return;
        }
        Thread.ofVirtual().start(() -> copy(client, backend));
        copy(backend, client);
    }

    /** The next backend that accepts a connection, trying each at most once. */
    private Socket connect() {
        for (int i = 0; i < backends.size(); i++) {
            var address = backends.get(Math.floorMod(next.getAndIncrement(), backends.size()));
            try {
                var s = new Socket();
                s.connect(address, 1_000);
                return s;
            } catch (IOException refused) {
                // that node is down: the next one
            }
        }
        return null;
    }

    private static void copy(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException ignored) {
            // one side went away
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
    }
}
