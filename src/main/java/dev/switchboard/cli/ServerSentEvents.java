package dev.switchboard.cli;

import java.util.function.Consumer;
import java.util.stream.Stream;

/** The data of each event of a {@code text/event-stream} (multi-line data joined with newlines; comments skipped). */
final class ServerSentEvents {
    private ServerSentEvents() {}

    static void forEachData(Stream<String> lines, Consumer<String> data) {
        var event = new StringBuilder();
        boolean any = false;
        for (String line : (Iterable<String>) lines::iterator) {
            if (line.isEmpty()) {
                if (any) data.accept(event.toString());
                event.setLength(0);
                any = false;
            } else if (line.startsWith("data:")) {
                if (any) event.append('\n');
                event.append(line.substring(line.startsWith("data: ") ? 6 : 5));
                any = true;
            }
        }
        if (any) data.accept(event.toString());
    }
}
