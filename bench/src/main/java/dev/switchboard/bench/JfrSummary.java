package dev.switchboard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the server's time went, from a JFR recording: execution samples (threads running Java code) and
 * native-method samples (threads inside JNI or blocked in the kernel, e.g. SQLite's fsync or epoll) are
 * summarised by thread, by the layer of the top frame, by top frame ("self"), and by Switchboard method
 * anywhere on the stack ("inclusive"). The same as reading {@code jfr print --events jdk.ExecutionSample},
 * with the counting done.
 */
final class JfrSummary {
    private static final int TOP = 25;
    private static final String WRITER = "sqlite-writer";
    private static final List<String[]> LAYERS = List.of(
            new String[] {"org.sqlite.", "SQLite (sqlite-jdbc + native)"},
            new String[] {"com.fasterxml.jackson.", "Jackson"},
            new String[] {"org.eclipse.jetty.", "Jetty"},
            new String[] {"io.javalin.", "Javalin"},
            new String[] {"io.micrometer.", "Micrometer"},
            new String[] {"ch.qos.logback.", "Logback"},
            new String[] {"org.slf4j.", "Logback"},
            new String[] {"dev.switchboard.", "Switchboard"},
            new String[] {"sun.nio.", "JDK I/O"},
            new String[] {"java.nio.", "JDK I/O"},
            new String[] {"java.util.concurrent.", "JDK concurrency"},
            new String[] {"jdk.internal.vm.", "JDK virtual threads"},
            new String[] {"java.lang.VirtualThread", "JDK virtual threads"});

    private JfrSummary() {}

    static void write(Path jfr, Path out) throws IOException {
        var self = new HashMap<String, Long>();
        var inclusive = new HashMap<String, Long>();
        var byThread = new HashMap<String, Long>();
        var byLayer = new HashMap<String, Long>();
        var writer = new HashMap<String, Long>();
        long javaSamples = 0;
        long nativeSamples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
            String type = e.getEventType().getName();
            boolean nativeSample = type.equals("jdk.NativeMethodSample");
            if (!nativeSample && !type.equals("jdk.ExecutionSample")) continue;
            if (e.getStackTrace() == null || e.getStackTrace().getFrames().isEmpty()) continue;
            List<RecordedFrame> frames = e.getStackTrace().getFrames();
            String kind = nativeSample ? "native " : "java   ";
            if (nativeSample) nativeSamples++;
            else javaSamples++;
            String thread = threadName(e);
            byThread.merge(kind + thread, 1L, Long::sum);
            byLayer.merge(kind + layer(frames), 1L, Long::sum);
            self.merge(kind + method(frames.getFirst()), 1L, Long::sum);
            if (thread.equals(WRITER)) writer.merge(kind + writerActivity(frames), 1L, Long::sum);
            Set<String> seen = new HashSet<>();
            for (RecordedFrame f : frames) {
                String m = method(f);
                if (m.startsWith("dev.switchboard.") && seen.add(m)) inclusive.merge(kind + m, 1L, Long::sum);
            }
        }
        var sb = new StringBuilder();
        sb.append("JFR summary of ").append(jfr.getFileName()).append('\n');
        sb.append("samples: ").append(javaSamples).append(" java (threads running Java code), ").append(nativeSamples)
                .append(" native (threads in JNI or blocked in the kernel: includes idle selectors)\n");
        section(sb, "by thread", byThread, javaSamples, nativeSamples);
        section(sb, "by layer of the top frame", byLayer, javaSamples, nativeSamples);
        section(sb, "the " + WRITER + " thread (which serialises every write): first Switchboard frame, commit apart",
                writer, javaSamples, nativeSamples);
        section(sb, "top frames (self)", self, javaSamples, nativeSamples);
        section(sb, "Switchboard methods on the stack (inclusive)", inclusive, javaSamples, nativeSamples);
        Files.writeString(out, sb);
    }

    private static String threadName(RecordedEvent e) {
        var t = e.getThread("sampledThread");
        if (t == null) return "?";
        if (t.isVirtual()) return "(virtual threads)";
        String name = t.getJavaName() == null ? t.getOSName() : t.getJavaName();
        return name.replaceAll("-\\d+$", "-N").replaceAll("\\d+$", "N");
    }

    /** What the writer thread is doing: committing (WAL write, fsync, auto-checkpoint) or running a unit's code. */
    private static String writerActivity(List<RecordedFrame> frames) {
        for (RecordedFrame f : frames) {
            String m = method(f);
            if (m.equals("org.sqlite.SQLiteConnection.commit")) return "COMMIT (WAL write + fsync + auto-checkpoint)";
            if (m.startsWith("dev.switchboard.") && !m.contains("$$Lambda") && !m.contains(".lambda$")) return m;
        }
        return "(outside Switchboard code)";
    }

    private static String layer(List<RecordedFrame> frames) {
        // The first frame from the top that belongs to a known library names the layer that spent the time.
        for (RecordedFrame f : frames) {
            String type = f.getMethod().getType().getName();
            for (String[] l : LAYERS) if (type.startsWith(l[0])) return l[1];
        }
        return "JDK/other";
    }

    private static String method(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    private static void section(StringBuilder sb, String title, Map<String, Long> counts, long java, long nat) {
        sb.append("\n== ").append(title).append('\n');
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(TOP)
                .forEach(en -> {
                    long total = en.getKey().startsWith("native") ? nat : java;
                    sb.append(String.format("%7d  %5.1f%%  %s%n", en.getValue(), total == 0 ? 0 : 100.0 * en.getValue() / total,
                            en.getKey()));
                });
    }
}
