package dev.switchboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.config.ConfigLoader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FailedStartTest {
    @TempDir
    Path data;

    private static boolean serverThreadsAlive() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .anyMatch(n -> n.equals("sqlite-writer") || n.startsWith("housekeeping-") || n.equals("event-dispatch"));
    }

    @Test
    void a_start_that_fails_on_a_busy_port_leaves_no_thread_behind_and_keeps_the_first_start_token_for_the_next() throws Exception {
        assertThat(serverThreadsAlive()).as("no other server runs in this JVM right now").isFalse();
        try (var busy = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            var config = ConfigLoader.defaults().set("server.port", busy.getLocalPort()).set("data_dir", data.toString()).load();
            assertThatThrownBy(() -> Switchboard.start(config, Clock.systemUTC())).isInstanceOf(RuntimeException.class);
        }
        assertThat(serverThreadsAlive()).as("writer, housekeeping and dispatch threads stopped").isFalse();
        assertThat(Files.exists(data.resolve("admin.token"))).isFalse();

        var config = ConfigLoader.defaults().set("server.port", 0).set("data_dir", data.toString()).load();
        try (var server = Switchboard.start(config, Clock.systemUTC())) {
            assertThat(server.createdAdminToken()).isPresent();
            assertThat(Files.readString(data.resolve("admin.token")).trim()).isEqualTo(server.createdAdminToken().get());
        }
    }
}
