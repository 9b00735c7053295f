package dev.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.ServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's own jobs, run as a user runs them: a build that shows progress instead of a silent minute, and
 * {@code ./switchboard test -Dtest=OneClass} running that one class and no integration test. Both run in a copy of
 * the project: building here would rewrite the jars this very test run is using.
 */
class LauncherScriptIT {
    record Result(int code, String output) {}

    @TempDir
    static Path copy;
    static Result build;

    @BeforeAll
    static void copyProjectAndBuild() throws Exception {
        Path project = ServerProcess.launcher().getParent();
        for (String item : List.of("pom.xml", "mvnw", "switchboard", ".mvn", "src", "dashboard")) copyTree(project.resolve(item), copy.resolve(item));
        build = launch("build");
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    static Result launch(String... args) throws Exception {
        return launch(java.util.Map.of(), args);
    }

    static Result launch(java.util.Map<String, String> env, String... args) throws Exception {
        var cmd = new java.util.ArrayList<>(List.of(copy.resolve("switchboard").toString()));
        cmd.addAll(List.of(args));
        var pb = new ProcessBuilder(cmd).directory(copy.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        var p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
        return new Result(p.exitValue(), out);
    }

    @Test
    void a_build_reports_each_step_with_the_elapsed_time() {
        assertThat(build.code()).as(build.output()).isZero();
        assertThat(build.output()).contains("switchboard: building target/switchboard.jar")
                .containsPattern("\\[\\s*\\d+s\\] compiler:[\\d.]+:compile")
                .containsPattern("\\[\\s*\\d+s\\] shade:[\\d.]+:shade")
                .containsPattern("switchboard: built in \\d+ s");
        assertThat(Files.isRegularFile(copy.resolve("target/switchboard.jar"))).isTrue();
    }

    /** {@code ./switchboard serve ...} until it prints "Ready." (then stopped), or until it exits on its own. */
    static Result serveUntilReady(String... args) throws Exception {
        var cmd = new java.util.ArrayList<>(List.of(copy.resolve("switchboard").toString(), "serve"));
        cmd.addAll(List.of(args));
        var p = new ProcessBuilder(cmd).directory(copy.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        var out = new StringBuilder();
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                out.append(line).append('\n');
                if (line.startsWith("Ready.")) break;
            }
        } finally {
            p.destroy();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        return new Result(p.exitValue(), out.toString());
    }

    @Test
    void serve_trains_the_start_up_cache_once_per_build_and_starts_from_it() throws Exception {
        Path cache = copy.resolve("target/switchboard-serve.aot");
        Files.deleteIfExists(cache);
        Result help = serveUntilReady("--help");
        assertThat(help.output()).contains("Usage: switchboard serve").doesNotContain("start-up cache");
        assertThat(cache).doesNotExist();

        Result first = serveUntilReady("--port", "0", "--data", copy.resolve("data-1").toString());
        assertThat(first.output()).contains("preparing the start-up cache").containsPattern("start-up cache ready in \\d+ s")
                .contains("Ready.");
        assertThat(Files.size(cache)).isGreaterThan(1 << 20);

        Result second = serveUntilReady("--port", "0", "--data", copy.resolve("data-2").toString());
        assertThat(second.output()).contains("Ready.").doesNotContain("start-up cache");

        Result prepared = launch("prepare");
        assertThat(prepared.code()).as(prepared.output()).isZero();
        assertThat(prepared.output()).contains("the start-up cache is ready");

        // A rebuilt jar makes the cache stale: the JVM would ignore it (or worse, map classes the jar no longer has).
        Files.setLastModifiedTime(copy.resolve("target/switchboard.jar"),
                java.nio.file.attribute.FileTime.fromMillis(Files.getLastModifiedTime(cache).toMillis() + 5_000));
        Result rebuilt = serveUntilReady("--port", "0", "--data", copy.resolve("data-3").toString());
        assertThat(rebuilt.output()).contains("preparing the start-up cache").contains("Ready.");
    }

    @Test
    void a_failed_training_run_is_reported_and_not_retried_at_every_start_until_asked() throws Exception {
        Path cache = copy.resolve("target/switchboard-serve.aot");
        Path failed = copy.resolve("target/switchboard-serve.aot.failed");
        Files.deleteIfExists(cache);
        // The training run can't make its temporary data directory, so it fails (exit 1) and writes no usable cache.
        Result broken = launch(java.util.Map.of("JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=/nonexistent/switchboard"), "prepare");
        assertThat(broken.code()).as(broken.output()).isNotZero();
        assertThat(broken.output()).contains("could not prepare the start-up cache");
        assertThat(cache).doesNotExist();
        assertThat(failed).exists();

        Result start = serveUntilReady("--port", "0", "--data", copy.resolve("data-failed").toString());
        assertThat(start.output()).contains("Ready.").doesNotContain("start-up cache");
        assertThat(cache).doesNotExist();

        Result retried = launch("prepare");
        assertThat(retried.code()).as(retried.output()).isZero();
        assertThat(retried.output()).containsPattern("start-up cache ready in \\d+ s");
        assertThat(cache).exists();
        assertThat(failed).doesNotExist();
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
