package dev.switchboard.readme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.importer.ReadmeHistory;
import dev.switchboard.testing.ServerProcess;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command of README.md's {@code bash} blocks, in order, as one shell script in a fresh directory next to a
 * server started there with {@code ./switchboard serve} (data in {@code ./data}, as the README says), so the
 * README can't rot. What the script changes, and why:
 * <ul>
 *   <li>{@code http://127.0.0.1:7700} becomes the test server's URL (it listens on a free port);</li>
 *   <li>{@code curl} fails on an HTTP error ({@code --fail-with-body}); {@code curl -N} streams for 3 s;</li>
 *   <li>{@code <token-id>}, {@code <run-id>}, {@code <directive-id>}, {@code <archive-id>}, {@code <checkpoint-id>} and
 *       {@code <instance-id>}
 *       are the ids the commands before them created (read from the data directory);</li>
 *   <li>{@code messages tail --follow} and {@code import … --follow} follow for 5 s;</li>
 *   <li>{@code HOME} is a directory with a little history of each tool the importer reads ({@link ReadmeHistory});</li>
 *   <li>{@code claude mcp add …} (Claude Code is not installed here) only has its shape checked;</li>
 *   <li>{@code serve} is this server; {@code test}, {@code build} and {@code ./bench/run} are run elsewhere: CI runs
 *       {@code ./switchboard test} and {@code ./bench/run --quick} ({@code .ci/run}), {@code LauncherScriptIT} runs
 *       {@code build} and {@code test -Dtest=…}; the full-scale benchmark modes are run by hand (minutes each).</li>
 * </ul>
 * The one {@code sh} block, "Running on PostgreSQL", needs a PostgreSQL server administered through {@code sudo}; it
 * is not run here: {@code ClusterIT} starts the same jar on a real PostgreSQL server ({@code [store] url}) instead.
 */
class ReadmeIT {
    private static final Pattern URL = Pattern.compile("Switchboard (http://\\S+)");

    @TempDir
    Path dir;

    @Test
    void every_command_in_the_readme_runs_and_prints_what_it_says() throws Exception {
        Path launcher = ServerProcess.launcher();
        stand_in(dir.resolve("switchboard"), """
                #!/usr/bin/env bash
                case "${1:-}" in
                  serve) echo "(serve: ReadmeIT started it)"; exit 0 ;;
                  test|build) echo "$*" >> run-elsewhere.log; exit 0 ;;
                esac
                if { [ "${1:-}" = messages ] || [ "${1:-}" = import ]; } && printf '%%s\\n' "$@" | grep -qx -- --follow; then
                  timeout 5 %1$s "$@"; rc=$?; [ "$rc" = 124 ] && exit 0; exit "$rc"
                fi
                exec %1$s "$@"
                """.formatted(launcher));
        Files.createDirectories(dir.resolve("bench"));
        stand_in(dir.resolve("bench/run"), "#!/usr/bin/env bash\necho \"bench/run $*\" >> run-elsewhere.log\n");

        var pb = new ProcessBuilder(launcher.toString(), "serve").directory(dir.toFile()).redirectErrorStream(true);
        clean(pb.environment());
        pb.environment().put("SWITCHBOARD_PORT", "0");
        Process server = pb.start();
        try {
            String url = awaitUrl(server);
            String script = script(url);
            Files.writeString(dir.resolve("readme.sh"), script);
            var shell = new ProcessBuilder("bash", "readme.sh").directory(dir.toFile()).redirectErrorStream(true);
            clean(shell.environment());
            // The user's home, with a little history of each tool the importer reads, where those tools keep it.
            Path home = Files.createDirectories(dir.resolve("home"));
            ReadmeHistory.writeTo(home);
            shell.environment().put("HOME", home.toString());
            shell.environment().put("SWITCHBOARD_URL", url);
            Process p = shell.start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
            assertThat(out).contains("{\"items\":[],\"next_cursor\":null}")        // the first curl, on a new server
                    .contains("\"seq\":2")                                        // the first append's second message
                    .contains("Created token").contains("appended #1 (user) to notes")
                    .contains("Exported notes to notes.ndjson (3 lines)")
                    .contains("hello agents")                                       // the echo agent's streamed reply
                    .contains("switchboard_events_dispatch_queue_events")
                    .contains("Imported 2 message(s) from 1 file(s): sessions 1 created") // claude-code, from HOME
                    .contains("Imported 0 message(s) from 1 file(s): sessions 0 created")  // the same again
                    .doesNotContain("README command failed");
            assertThat(Files.readAllLines(dir.resolve("run-elsewhere.log"))).contains("test", "build")
                    .anyMatch(l -> l.startsWith("bench/run --quick"));
            assertThat(Files.readString(Path.of(".ci/run"))).contains("./switchboard test").contains("./bench/run --quick");
        } finally {
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static void stand_in(Path file, String text) throws Exception {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Nothing of the test's own environment leaks into the user's commands. */
    private static void clean(java.util.Map<String, String> env) {
        env.keySet().removeIf(k -> k.startsWith("SWITCHBOARD_"));
    }

    private static String awaitUrl(Process server) throws Exception {
        var url = new CompletableFuture<String>();
        var seen = new StringBuilder();
        Thread.ofVirtual().start(() -> {
            try (var in = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    seen.append(line).append('\n');
                    var m = URL.matcher(line);
                    if (m.find()) url.complete(m.group(1));
                }
            } catch (java.io.IOException ignored) {
                // the server stopped
            }
            url.completeExceptionally(new IllegalStateException("server exited:\n" + seen));
        });
        return url.get(2, TimeUnit.MINUTES);
    }

    /** The README's bash blocks as one script, with the stand-ins described on the class. */
    static String script(String url) {
        var sb = new StringBuilder("""
                set -Eeuo pipefail
                trap 'echo "README command failed (exit $?): $BASH_COMMAND" >&2' ERR
                curl() {
                  if printf '%s\\n' "$@" | grep -qx -- -N; then command curl --max-time 3 "$@" || [ $? = 28 ]
                  else command curl --fail-with-body "$@"; fi
                  echo
                }
                claude() { # Claude Code's CLI is not installed here: the README's lines must be `claude mcp add …`
                  [ "$1 $2" = "mcp add" ] || { echo "not a claude mcp add line: $*" >&2; return 1; }
                  echo "(claude $*)"
                }
                newest() {
                  python3 -c 'import sqlite3, sys
                db = sqlite3.connect("file:data/switchboard.db?mode=ro", uri=True)
                print(db.execute("SELECT id FROM " + sys.argv[1] + " ORDER BY id DESC LIMIT 1").fetchone()[0])' "$1"
                }
                earlier_instance() {
                  python3 -c 'import sqlite3
                db = sqlite3.connect("file:data/switchboard.db?mode=ro", uri=True)
                print(db.execute("SELECT i.id FROM instances i JOIN sessions s ON s.key = i.key WHERE i.id <> s.instance_id ORDER BY i.id DESC LIMIT 1").fetchone()[0])'
                }
                """);
        for (var block : ReadmeBlocks.read().of("bash")) {
            sb.append("\n# README.md line ").append(block.line()).append('\n').append(block.text()
                    .replace("http://127.0.0.1:7700", url)
                    .replace("<token-id>", "$(newest tokens)")
                    .replace("<run-id>", "$(newest runs)")
                    .replace("<directive-id>", "$(newest directives)")
                    .replace("<archive-id>", "$(newest archive)")
                    .replace("<checkpoint-id>", "$(newest checkpoints)")
                    .replace("<instance-id>", "'\"$(earlier_instance)\"'"));
        }
        return sb.toString();
    }

    @Test
    void the_placeholders_the_script_fills_in_are_all_it_finds() {
        String script = script("http://127.0.0.1:1");
        assertThat(Pattern.compile("<[a-z]+-id>").matcher(script).find()).as("an unknown <…-id> placeholder").isFalse();
        assertThat(List.of("$(newest tokens)", "$(newest runs)", "$(newest directives)", "$(newest archive)",
                "$(newest checkpoints)",
                "$(earlier_instance)")).allMatch(script::contains);
    }
}
