package dev.switchboard.importer;

import java.util.List;
import java.util.function.Supplier;

/** The source formats, by kind name. A reader holds small caches, so each run or followed source gets its own. */
public final class Readers {
    private static final List<String> KINDS = List.of(ClaudeCodeReader.KIND, CodexReader.KIND, OpenClawReader.KIND,
            HermesReader.KIND);

    private Readers() {}

    public static List<String> kinds() {
        return KINDS;
    }

    /** A new reader of {@code kind}; {@link IllegalArgumentException} naming the kinds for anything else. */
    public static SourceReader create(String kind) {
        Supplier<SourceReader> s = switch (kind) {
            case ClaudeCodeReader.KIND -> ClaudeCodeReader::new;
            case CodexReader.KIND -> CodexReader::new;
            case OpenClawReader.KIND -> OpenClawReader::new;
            case HermesReader.KIND -> HermesReader::new;
            default -> throw new IllegalArgumentException("unknown source kind '" + kind + "'; known: " + String.join(", ", KINDS));
        };
        return s.get();
    }
}
