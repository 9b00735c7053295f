package dev.switchboard.bench.jmh;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.Switchboard;
import dev.switchboard.auth.Caller;
import dev.switchboard.compaction.Checkpoint;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.context.ContextFormat;
import dev.switchboard.context.ContextService;
import dev.switchboard.json.Json;
import dev.switchboard.paging.Page;
import dev.switchboard.session.SessionQuery;
import dev.switchboard.transcript.Message;
import dev.switchboard.transcript.MessageInput;
import dev.switchboard.transcript.MessageQuery;
import dev.switchboard.transcript.NewMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * The store's hot paths without HTTP: the transcript service's append unit (session lookup, sequence
 * numbers, message rows, counters, session version, one event per message, group commit, fsync) and the two
 * page reads. The real wiring is used ({@link Switchboard#start} on a temporary data directory; its HTTP
 * side stays idle), so these measure exactly the code the server runs. Compared with the HTTP rows of the
 * same shape they show what HTTP, JSON and auth add. Unlike HikariCP's benchmarks the I/O is not stubbed:
 * the fsync is the point.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StoreBenchmarks {
    static final int SESSIONS = 100;
    /** Sizes of the read benchmarks' data; quick runs (CI) pass smaller ones so set-up stays short. */
    static final int READ_MESSAGES = Integer.getInteger("bench.jmh.messages", 10_000);
    static final int LIST_SESSIONS = Integer.getInteger("bench.jmh.sessions", 10_000);
    private static final String READ_KEY = "bench:jmh:read";
    /** A session whose context starts after a truncate checkpoint keeping its last 20 messages. */
    private static final String CONTEXT_KEY = "bench:jmh:context";
    /** A session compacted (truncate) and restored by every call of {@link #truncateThenRestore}. */
    private static final String COMPACT_KEY = "bench:jmh:compact";
    private static final ContextService.Request CONTEXT = new ContextService.Request(null, null, ContextFormat.SWITCHBOARD);
    private static final String TRUNCATE = "{\"strategy\":\"truncate\",\"keep_last\":20}";

    private Path dir;
    private Switchboard server;
    private Caller admin;
    private List<NewMessage> one;
    private List<NewMessage> twenty;
    private String[] keys;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        // On the work disk, not tmpfs, where an fsync would cost nothing.
        Path base = Path.of(System.getProperty("bench.work", "target"));
        Files.createDirectories(base);
        dir = Files.createTempDirectory(base, "jmh-");
        server = Switchboard.start(ConfigLoader.defaults().set("server.port", 0).set("server.bind", "127.0.0.1")
                .set("data_dir", dir.toString()).load(), Clock.systemUTC());
        String secret = Files.readString(dir.resolve("admin.token")).trim();
        admin = server.tokens().authenticate(secret).orElseThrow();
        var input = new MessageInput(server.config().limits());
        one = input.parse(Json.MAPPER.readTree(dev.switchboard.bench.Payloads.SINGLE));
        twenty = input.parse(Json.MAPPER.readTree(dev.switchboard.bench.Payloads.BATCH_20));
        keys = new String[SESSIONS];
        for (int i = 0; i < SESSIONS; i++) {
            keys[i] = "bench:jmh:%03d".formatted(i);
            create(keys[i]);
        }
        create(READ_KEY);
        var thousand = input.parse(Json.MAPPER.readTree(dev.switchboard.bench.Payloads.batch(1000)));
        for (int i = 0; i < READ_MESSAGES / 1000; i++) server.transcripts().appendParsed(admin, READ_KEY, thousand);
        for (String key : List.of(CONTEXT_KEY, COMPACT_KEY)) {
            create(key);
            for (int i = 0; i < READ_MESSAGES / 1000; i++) server.transcripts().appendParsed(admin, key, thousand);
        }
        server.compactions().compact(admin, CONTEXT_KEY, Json.MAPPER.readTree(TRUNCATE));
        // Concurrent creates share group commits: seconds instead of one fsync per session.
        var created = new java.util.ArrayList<java.util.concurrent.Future<?>>();
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            var limit = new java.util.concurrent.Semaphore(64);
            for (int i = 0; i < LIST_SESSIONS; i++) {
                String key = "bench:jmh:list:%06d".formatted(i);
                limit.acquire();
                created.add(pool.submit(() -> {
                    try {
                        create(key);
                    } finally {
                        limit.release();
                    }
                    return null;
                }));
            }
        }
        for (var f : created) f.get(); // surfaces any failed create
    }

    private void create(String key) throws Exception {
        server.sessions().create(admin, Json.MAPPER.readTree("{\"key\":\"" + key + "\"}"));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        server.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private String anyKey() {
        return keys[ThreadLocalRandom.current().nextInt(SESSIONS)];
    }

    /** One message, one caller: every call is its own transaction and fsync. */
    @Benchmark
    public List<Message> appendSingle() {
        return server.transcripts().appendParsed(admin, anyKey(), one);
    }

    /** Twenty messages in one call: one transaction, one fsync. */
    @Benchmark
    public List<Message> appendBatch20() {
        return server.transcripts().appendParsed(admin, anyKey(), twenty);
    }

    /** Sixteen callers appending single messages: the writer group-commits what queued during the last fsync. */
    @Benchmark
    @Threads(16)
    public List<Message> appendSingle16Threads() {
        return server.transcripts().appendParsed(admin, anyKey(), one);
    }

    @Benchmark
    public Page<Message> lastMessages50() {
        return server.transcripts().list(admin, READ_KEY, new MessageQuery(null, null, null, 50, true, null));
    }

    @Benchmark
    public Page<dev.switchboard.session.Session> listSessionsPage() {
        return server.sessions().list(admin, new SessionQuery(null, null, null, null, null, null, "updated_desc", 50, null));
    }

    /** The context after a checkpoint: session, checkpoint, running totals, the 20 kept messages, JSON tree. */
    @Benchmark
    public ObjectNode contextAfterCheckpoint() {
        return server.contexts().get(admin, CONTEXT_KEY, CONTEXT);
    }

    /**
     * A truncate compaction of {@value #COMPACT_KEY} (covering all but its last 20 messages: plan, turn boundary,
     * token totals, checkpoint row, event, one commit) and the restore that undoes it (a second commit).
     */
    @Benchmark
    public Checkpoint truncateThenRestore() throws Exception {
        Checkpoint cp = server.compactions().compact(admin, COMPACT_KEY, Json.MAPPER.readTree(TRUNCATE));
        return server.checkpoints().restore(admin, COMPACT_KEY, cp.id());
    }
}
