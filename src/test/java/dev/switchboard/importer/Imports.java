package dev.switchboard.importer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.ServerExtension;
import dev.switchboard.transcript.MessageInput;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs imports in-process against a real server, and reads what they wrote back through its REST API. */
final class Imports {
    private Imports() {}

    static ImportReport run(ServerExtension server, SourceReader reader, Path... paths) {
        return run(server, reader, true, paths);
    }

    /** @param complete false: read as the follower does, while the source may still be writing */
    static ImportReport run(ServerExtension server, SourceReader reader, boolean complete, Path... paths) {
        var report = new ImportReport();
        var importer = new Importer(reader, target(server), report, ImportProgress.NONE);
        var options = new Importer.Options(complete, null, ImportWriter.Routing.NONE, true);
        importer.run(importer.files(List.of(paths), null), options);
        return report;
    }

    static ServiceTarget target(ServerExtension server) {
        var sb = server.server();
        return new ServiceTarget(sb.sessions(), sb.transcripts(), new MessageInput(sb.config().limits()));
    }

    static JsonNode session(ServerExtension server, String key) {
        var r = server.admin().get("/v1/sessions/" + Http.seg(key));
        if (r.status() != 200) throw new AssertionError("GET session " + key + ": " + r);
        return r.json();
    }

    /** Every message of the session's current instance, in seq order. */
    static List<JsonNode> messages(ServerExtension server, String key) {
        var out = new ArrayList<JsonNode>();
        String cursor = null;
        do {
            var r = server.admin().get("/v1/sessions/" + Http.seg(key) + "/messages?limit=500"
                    + (cursor == null ? "" : "&cursor=" + cursor));
            if (r.status() != 200) throw new AssertionError("GET messages " + key + ": " + r);
            r.json().path("items").forEach(out::add);
            cursor = r.json().path("next_cursor").isNull() ? null : r.json().path("next_cursor").asText();
        } while (cursor != null);
        return out;
    }

    static List<String> sourceIds(ServerExtension server, String key) {
        return messages(server, key).stream().map(m -> m.path("metadata").path("source").path("id").asText()).toList();
    }
}
