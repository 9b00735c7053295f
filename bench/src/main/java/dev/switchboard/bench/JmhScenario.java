package dev.switchboard.bench;

import dev.switchboard.bench.jmh.StoreBenchmarks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.openjdk.jmh.util.Statistics;

/** Runs {@link StoreBenchmarks} through JMH (forked JVM, sample-time mode) and turns its statistics into rows. */
final class JmhScenario implements Scenario {
    static final String GROUP = "jmh (store, no HTTP)";

    @Override
    public String group() {
        return GROUP;
    }

    @Override
    public List<Row> run(Context ctx) throws Exception {
        Scale s = ctx.scale();
        var options = new OptionsBuilder()
                .include(StoreBenchmarks.class.getName())
                .warmupIterations(s.jmhWarmupIterations())
                .warmupTime(TimeValue.milliseconds(s.jmhIterationTime().toMillis()))
                .measurementIterations(s.jmhIterations())
                .measurementTime(TimeValue.milliseconds(s.jmhIterationTime().toMillis()))
                .forks(1)
                // The embedded server logs at WARN so the forks' output is JMH's, and JMH 1.37 still uses sun.misc.Unsafe.
                .jvmArgsAppend("-Dbench.work=" + ctx.work().resolve("jmh"), "-DSWITCHBOARD_LOG_LEVEL=WARN",
                        "--sun-misc-unsafe-memory-access=allow", "-Dbench.jmh.messages=" + s.jmhData(),
                        "-Dbench.jmh.sessions=" + s.jmhData())
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT)
                .resultFormat(ResultFormatType.JSON)
                .result(ctx.results().resolve(ctx.stamp() + "-jmh.json").toString())
                .build();
        ctx.log("JMH %s (%d × %s ms warm-up, %d × %s ms measured, 1 fork)", StoreBenchmarks.class.getSimpleName(),
                s.jmhWarmupIterations(), s.jmhIterationTime().toMillis(), s.jmhIterations(), s.jmhIterationTime().toMillis());
        var rows = new ArrayList<Row>();
        for (RunResult r : new Runner(options).run()) {
            String bench = r.getParams().getBenchmark();
            String method = bench.substring(bench.lastIndexOf('.') + 1);
            int threads = r.getParams().getThreads();
            Result<?> primary = r.getPrimaryResult();
            Statistics st = primary.getStatistics();
            double perOpMicros = st.getMean();
            int messages = method.contains("Batch20") ? Payloads.BATCH : 1;
            boolean append = method.startsWith("append");
            double perSecond = threads * 1e6 / perOpMicros * (append ? messages : 1);
            var extra = new LinkedHashMap<String, Object>();
            extra.put("threads", threads);
            extra.put("mean_us", Window.round(perOpMicros));
            String data = method.equals("lastMessages50") || method.equals("contextAfterCheckpoint")
                    || method.equals("truncateThenRestore") ? ", %,d messages".formatted(s.jmhData())
                    : method.equals("listSessionsPage") ? ", %,d sessions".formatted(s.jmhData()) : "";
            rows.add(new Row("jmh." + method, GROUP,
                    "jmh " + method + " (" + threads + " thread" + (threads == 1 ? "" : "s") + data + ")",
                    perSecond, append ? "msg/s" : "ops/s", st.getPercentile(50) / 1000, st.getPercentile(99) / 1000,
                    st.getPercentile(99.9) / 1000, st.getN(), 0, Row.OK, "latency per call", extra));
        }
        return rows;
    }
}
