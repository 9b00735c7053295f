package dev.switchboard.bench;

/** The request bodies every append scenario (and the raw SQLite limit) writes, so they compare like for like. */
public final class Payloads {
    /** About 200 characters: a typical chat turn, not a toy "hi" nor a pasted file. */
    public static final String CONTENT = "Benchmark turn: the agent answers the user and the gateway keeps a durable "
            + "transcript of every turn, so a restart, a crash or a power cut never loses a message it acknowledged.";
    public static final String SINGLE = "{\"role\":\"user\",\"content\":\"" + CONTENT + "\"}";
    public static final int BATCH = 20;
    public static final String BATCH_20 = batch(BATCH);

    private Payloads() {}

    public static String batch(int n) {
        var sb = new StringBuilder("{\"messages\":[");
        for (int i = 0; i < n; i++) {
            if (i > 0) sb.append(',');
            sb.append(i % 2 == 0 ? SINGLE : SINGLE.replace("\"user\"", "\"assistant\""));
        }
        return sb.append("]}").toString();
    }

    /** A single message whose content carries a probe number the SSE subscribers look for. */
    static String probe(String marker, long n) {
        return "{\"role\":\"user\",\"content\":\"" + marker + n + ";\"}";
    }
}
