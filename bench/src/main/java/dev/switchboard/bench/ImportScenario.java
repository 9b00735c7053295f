package dev.switchboard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Importing Claude Code history (issue 13): throughput from JSONL into SQLite, and the importer's heap on a big file.
 * <ul>
 *   <li>the server's own import of a {@code [[sources]]} entry (in-process, through the services: what the
 *       follower does), timed from ready to every message imported as {@code GET /v1/sources} reports;</li>
 *   <li>{@code switchboard import claude-code} as a separate process over HTTP (JVM start included);</li>
 *   <li>the CLI importer's peak heap reading one 1 GiB file (32 MiB in quick mode) ({@code --dry-run}, so the server's write time doesn't
 *       hide the reader's), from its GC log, run with {@code -Xmx256m} so exceeding the target fails the row.</li>
 * </ul>
 */
final class ImportScenario implements Scenario {
    static final String GROUP = "import";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern GC_BEFORE = Pattern.compile("\\) (\\d+)M->(\\d+)M\\(");

    @Override
    public String group() {
        return GROUP;
    }

    @Override
    public List<Row> run(Context ctx) throws Exception {
        boolean quick = ctx.scale().quick();
        Path corpus = ctx.work().resolve("import-corpus/projects");
        Context.deleteTree(corpus);
        long t0 = System.nanoTime();
        long messages = ClaudeCodeCorpus.write(corpus, quick ? 10 : 100, quick ? 300 : 1_700);
        long corpusBytes = size(corpus);
        ctx.log("import: wrote %,d messages (%,d MiB) in %.1f s", messages, corpusBytes >> 20, (System.nanoTime() - t0) / 1e9);
        var rows = new ArrayList<Row>();
        rows.add(serverImport(ctx, corpus, messages, corpusBytes));
        rows.add(cliImport(ctx, corpus, messages, corpusBytes));
        rows.add(peakHeap(ctx, quick ? 32L << 20 : 1L << 30));
        Context.deleteTree(ctx.work().resolve("import-corpus"));
        return rows;
    }

    private Row serverImport(Context ctx, Path corpus, long messages, long bytes) throws Exception {
        Path config = ctx.work().resolve("import-server/sources.toml");
        Files.createDirectories(config.getParent());
        Files.writeString(config, "[[sources]]\nkind = \"claude-code\"\npath = \"" + corpus + "\"\nfollow = false\n");
        try (ServerProcess s = ctx.startServer("import-server", ctx.freshDataDir("import-server"), List.of(),
                List.of("--config", config.toString()))) {
            long cpu0 = s.cpuNanos();
            long t0 = System.nanoTime();
            JsonNode source = awaitImported(s, messages);
            double seconds = (System.nanoTime() - t0) / 1e9;
            var extra = new LinkedHashMap<String, Object>();
            extra.put("messages", messages);
            extra.put("corpus_mib", Window.round(bytes / 1048576.0));
            extra.put("seconds", Window.round(seconds));
            extra.put("server_cpu_pct", Window.round(100.0 * (s.cpuNanos() - cpu0) / 1e9 / seconds));
            extra.put("sessions_created", source.path("imported").path("sessions_created").asLong());
            return Row.value("import.server", GROUP, "import Claude Code JSONL into SQLite, server [[sources]] (in-process)",
                    messages / seconds, "msg/s", String.format("%,d messages, %.0f MiB in %.1f s; %.0f MiB/s", messages,
                            bytes / 1048576.0, seconds, bytes / 1048576.0 / seconds), extra);
        }
    }

    /** Polls {@code GET /v1/sources} until the source has imported every message and finished. */
    private static JsonNode awaitImported(ServerProcess s, long messages) throws Exception {
        try (var http = HttpClient.newHttpClient()) {
            var req = HttpRequest.newBuilder(URI.create(s.url() + "/v1/sources")).header("Authorization", "Bearer " + s.token()).build();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(20);
            while (System.nanoTime() < deadline) {
                JsonNode src = JSON.readTree(http.send(req, HttpResponse.BodyHandlers.ofString()).body()).path("items").path(0);
                if (src.path("state").asText().equals("imported") && src.path("imported").path("messages").asLong() >= messages) return src;
                if (src.path("state").asText().equals("imported")) {
                    throw new IllegalStateException("import finished with " + src.path("imported") + " of " + messages + ": " + src);
                }
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("import not done after 20 minutes");
    }

    private Row cliImport(Context ctx, Path corpus, long messages, long bytes) throws Exception {
        try (ServerProcess s = ctx.startServer("import-cli", ctx.freshDataDir("import-cli"), List.of())) {
            long t0 = System.nanoTime();
            JsonNode summary = runCli(ctx, "import-cli", List.of(), s, corpus.toString());
            double seconds = (System.nanoTime() - t0) / 1e9;
            long imported = summary.path("messages").path("imported").asLong();
            if (imported != messages) throw new IllegalStateException("CLI imported " + imported + " of " + messages + ": " + summary);
            var extra = new LinkedHashMap<String, Object>();
            extra.put("messages", messages);
            extra.put("seconds", Window.round(seconds));
            return Row.value("import.cli", GROUP, "import Claude Code JSONL into SQLite, `switchboard import` over HTTP",
                    messages / seconds, "msg/s", String.format("%,d messages in %.1f s, JVM start included", messages, seconds), extra);
        }
    }

    private Row peakHeap(Context ctx, long fileBytes) throws Exception {
        Path file = ctx.work().resolve("import-corpus/big/-home-bench-big/" + "5b000000-0000-0000-0000-00000000b16f.jsonl");
        long messages = ClaudeCodeCorpus.writeOfSize(file, fileBytes);
        long bytes = Files.size(file);
        Path gcLog = ctx.work().resolve("import-heap/gc.log");
        Files.createDirectories(gcLog.getParent());
        try (ServerProcess s = ctx.startServer("import-heap", ctx.freshDataDir("import-heap"), List.of())) {
            long t0 = System.nanoTime();
            JsonNode summary = runCli(ctx, "import-heap", List.of("-Xmx256m", "-Xlog:gc:file=" + gcLog), s, file.toString(), "--dry-run");
            double seconds = (System.nanoTime() - t0) / 1e9;
            long[] heap = heapMib(gcLog);
            var extra = new LinkedHashMap<String, Object>();
            extra.put("file_mib", Window.round(bytes / 1048576.0));
            extra.put("messages", messages);
            extra.put("would_import", summary.path("messages").path("imported").asLong());
            extra.put("seconds", Window.round(seconds));
            extra.put("live_after_gc_mib", heap[1]);
            return Row.value("import.heap", GROUP, "importer peak heap on one " + (bytes >> 20) + " MiB file (-Xmx256m)",
                    heap[0], "MiB heap", String.format("ran within -Xmx256m; heap in use before a GC at most %d MiB, live after "
                            + "one at most %d MiB (GC log); %,d lines in %.1f s (--dry-run)", heap[0], heap[1], messages, seconds), extra);
        }
    }

    /** Runs {@code java -jar switchboard.jar import claude-code PATH --json …} and returns its JSON summary. */
    private static JsonNode runCli(Context ctx, String name, List<String> jvmArgs, ServerProcess s, String... args)
            throws IOException, InterruptedException {
        var cmd = new ArrayList<String>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED"));
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-jar", ctx.jar().toString(), "import", "claude-code"));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--json", "--url", s.url(), "--token", s.token()));
        Path out = ctx.work().resolve(name).resolve("import.out");
        Path err = ctx.work().resolve(name).resolve("import.err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(30, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("import did not finish in 30 minutes");
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("import exited " + p.exitValue() + ": " + ServerProcess.tail(err));
        }
        return JSON.readTree(Files.readString(out));
    }

    /**
     * From a {@code -Xlog:gc} log: the largest heap in use when a collection started (garbage included: the peak the
     * JVM had to hold) and the largest left after one (what the importer really keeps).
     */
    static long[] heapMib(Path gcLog) throws IOException {
        long before = 0;
        long after = 0;
        for (String line : Files.readAllLines(gcLog)) {
            var m = GC_BEFORE.matcher(line);
            if (m.find()) {
                before = Math.max(before, Long.parseLong(m.group(1)));
                after = Math.max(after, Long.parseLong(m.group(2)));
            }
        }
        return new long[] {before, after};
    }

    private static long size(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }
}
