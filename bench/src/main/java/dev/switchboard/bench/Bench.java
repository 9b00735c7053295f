package dev.switchboard.bench;

import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;

/**
 * The harness's entry point (started by {@code ./bench/run}). Runs every scenario in turn, prints the table,
 * writes {@code bench/results/<date>.json} and, with {@code --write-report}, the generated section of
 * BENCHMARKS.md. A scenario that fails (the harness or the server broke) is reported and makes the exit code
 * non-zero, as does an acknowledged append that was not stored; slow numbers never do.
 *
 * <pre>
 * Bench --jar target/switchboard.jar --work bench/target/work --results bench/results
 *       [--quick] [--profile] [--only appends,raw,reads,context,events,import,start,jmh] [--write-report BENCHMARKS.md]
 * Bench --report-from bench/results/X.json --write-report BENCHMARKS.md
 * Bench --jfr-summary recording.jfr summary.txt
 * </pre>
 */
public final class Bench {
    private static final List<String> ORDER = List.of("start", "raw", "appends", "reads", "context", "events", "import", "jmh");

    private Bench() {}

    public static void main(String[] args) throws Exception {
        Path jar = Path.of("target/switchboard.jar");
        Path work = Path.of("bench/target/work");
        Path results = Path.of("bench/results");
        Path reportMd = null;
        Path reportFrom = null;
        boolean quick = false;
        boolean profile = false;
        Set<String> only = Set.copyOf(ORDER);
        String command = "./bench/run";
        boolean postgres = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--jar" -> jar = Path.of(args[++i]);
                case "--work" -> work = Path.of(args[++i]);
                case "--results" -> results = Path.of(args[++i]);
                case "--quick" -> quick = true;
                case "--profile" -> profile = true;
                case "--only" -> only = Set.of(args[++i].split(","));
                case "--write-report" -> reportMd = Path.of(args[++i]);
                case "--report-from" -> reportFrom = Path.of(args[++i]);
                case "--command" -> command = args[++i];
                case "--store" -> {
                    String store = args[++i];
                    if (!store.equals("postgres") && !store.equals("sqlite")) {
                        throw new IllegalArgumentException("--store takes sqlite or postgres; got " + store);
                    }
                    postgres = store.equals("postgres");
                }
                case "--jfr-summary" -> {
                    JfrSummary.write(Path.of(args[i + 1]), Path.of(args[i + 2]));
                    return;
                }
                default -> {
                    System.err.println("unknown argument " + args[i] + "; see ./bench/run --help");
                    System.exit(2);
                }
            }
        }
        if (reportFrom != null) {
            if (reportMd == null) throw new IllegalArgumentException("--report-from needs --write-report");
            Report.read(reportFrom).writeInto(reportMd, reportFrom.toString());
            System.err.println("[bench] wrote the results section of " + reportMd + " from " + reportFrom);
            return;
        }
        for (String o : only) {
            if (!ORDER.contains(o)) throw new IllegalArgumentException("--only takes " + String.join(",", ORDER) + "; got " + o);
        }
        Scale scale = quick ? Scale.QUICK : Scale.FULL;
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss")) + (quick ? "-quick" : "");
        Files.createDirectories(results);
        Files.createDirectories(work);
        int fdLimit = (int) ((UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getMaxFileDescriptorCount();
        // The raw-SQLite limit and the in-process JMH benchmarks measure SQLite and the code, not the store, and cold
        // start (JVM and migration of a new store) is SQLite's target: not rerun on PostgreSQL.
        if (postgres) only = only.stream().filter(o -> !o.equals("raw") && !o.equals("jmh") && !o.equals("start"))
                .collect(java.util.stream.Collectors.toSet());
        BenchStore store = postgres ? BenchStore.postgres(work.toAbsolutePath()) : BenchStore.sqlite();
        if (postgres) stamp += "-postgres";
        var ctx = new Context(scale, jar.toAbsolutePath(), work.toAbsolutePath(), results.toAbsolutePath(), stamp, profile, fdLimit,
                store);
        var machine = Machine.describe(work);
        ctx.log("%s run on %s cores, load average %s, fd limit %d", scale.mode(), machine.get("cores"),
                machine.get("load_average_at_start"), fdLimit);

        var rows = new ArrayList<Row>();
        var failures = new ArrayList<String>();
        long t0 = System.nanoTime();
        for (String name : ORDER) {
            if (!only.contains(name)) continue;
            Scenario s = scenario(name);
            try {
                for (Row r : s.run(ctx)) rows.add(postgres ? onPostgres(r) : r);
            } catch (Exception | AssertionError e) {
                ctx.log("scenario %s FAILED: %s", s.group(), e);
                e.printStackTrace();
                failures.add(s.group() + ": " + e);
                rows.add(Row.notAvailable(name + ".failed", s.group(), s.group() + " scenario", "FAILED: " + e));
            }
        }
        store.close();
        var run = new LinkedHashMap<String, Object>();
        run.put("store", store.kind());
        run.put("date", LocalDateTime.now().withNano(0).toString());
        run.put("mode", scale.mode());
        run.put("command", command);
        run.put("git", System.getProperty("bench.git", "?"));
        run.put("seconds", Math.round((System.nanoTime() - t0) / 1e9));
        run.put("load_average_at_end", Machine.loadAverage());
        run.put("failures", failures);
        Report report = Report.of(run, machine, rows);
        Path json = results.resolve(stamp + ".json");
        report.writeJson(json);
        System.out.println();
        System.out.print(report.table());
        System.out.println("results: " + json + "  (" + run.get("seconds") + " s)");
        if (reportMd != null) {
            report.writeInto(reportMd, results.resolve(stamp + ".json").toString());
            System.out.println("updated the results section of " + reportMd);
        }
        if (!failures.isEmpty() || report.anyLost()) {
            System.err.println("[bench] FAILED: " + (failures.isEmpty() ? "acknowledged appends were lost" : String.join("; ", failures)));
            System.exit(1);
        }
    }

    /** A row measured on PostgreSQL, named so that it stands next to its SQLite row in the table. */
    private static Row onPostgres(Row r) {
        return new Row("pg." + r.id(), r.group(), r.name() + " [PostgreSQL]", r.value(), r.unit(), r.p50(), r.p99(),
                r.p999(), r.samples(), r.errors(), r.status(), r.note(), r.extra());
    }

    private static Scenario scenario(String name) {
        return switch (name) {
            case "start" -> new ColdStartScenario();
            case "raw" -> new RawSqliteScenario();
            case "appends" -> new AppendScenario();
            case "reads" -> new ReadScenario();
            case "context" -> new ContextScenario();
            case "events" -> new EventScenario();
            case "import" -> new ImportScenario();
            case "jmh" -> new JmhScenario();
            default -> throw new IllegalArgumentException(name);
        };
    }
}
