package dev.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.ServerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The launcher's own jobs, run as a user runs them: a build that shows progress instead of a silent minute, and
 * {@code ./switchboard test -Dtest=OneClass} running that one class and no integration test.
 */
class LauncherScriptIT {
    record Result(int code, String output) {}

    static Result launch(String... args) throws Exception {
        var cmd = new java.util.ArrayList<>(List.of(ServerProcess.launcher().toString()));
        cmd.addAll(List.of(args));
        var p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
        return new Result(p.exitValue(), out);
    }

    @Test
    void a_build_reports_each_step_with_the_elapsed_time() throws Exception {
        Result r = launch("build");
        assertThat(r.code()).as(r.output()).isZero();
        assertThat(r.output()).contains("switchboard: building target/switchboard.jar")
                .containsPattern("\\[\\s*\\d+s\\] compiler:[\\d.]+:compile")
                .containsPattern("\\[\\s*\\d+s\\] shade:[\\d.]+:shade")
                .containsPattern("switchboard: built in \\d+ s");
        assertThat(Files.isRegularFile(Path.of("target/switchboard.jar"))).isTrue();
    }

    @Test
    void test_with_one_class_runs_that_class_and_no_integration_test() throws Exception {
        Result r = launch("test", "-Dtest=EnvAndOriginsTest");
        assertThat(r.code()).as(r.output()).isZero();
        assertThat(r.output()).contains("Running dev.switchboard.config.EnvAndOriginsTest");
        assertThat(r.output().lines().filter(l -> l.contains("Running dev.switchboard.")).toList()).hasSize(1);
        assertThat(r.output()).as("failsafe skipped").contains("Tests are skipped.");
    }
}
