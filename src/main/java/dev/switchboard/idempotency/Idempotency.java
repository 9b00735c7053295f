package dev.switchboard.idempotency;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.json.Json;
import dev.switchboard.problem.ProblemException;
import dev.switchboard.store.Database;
import dev.switchboard.token.TokenSecrets;
import dev.switchboard.web.IdempotentPost;
import dev.switchboard.web.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * {@code Idempotency-Key} for creating POSTs (API.md "Idempotency"): a retry with the same key and
 * body within 24 h gets the original response; the same key with a different body is a 409.
 *
 * <p>The record is written in the <em>same transaction</em> as the change it describes (the action's
 * own writes join it), so a crash can never leave a change without its record, which would make a
 * retry apply it twice. Keys are scoped to the token that sent them. The action's {@link Reply} says
 * which session the response is about ({@link Reply#aboutSession}); the record keeps it so that purging
 * the session erases the record too (it holds the session's data).
 */
public final class Idempotency {
    public static final Duration WINDOW = Duration.ofHours(24);
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");
    private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {};

    private final Database db;
    private final IdempotencyStore store;
    private final Clock clock;

    public Idempotency(Database db, IdempotencyStore store, Clock clock) {
        this.db = db;
        this.store = store;
        this.clock = clock;
    }

    /**
     * Runs {@code action} on the request's JSON body, at most once per idempotency key, and returns its reply (the
     * original one, replayed, for a retry). Actions whose reply is about a session mark it with
     * {@link Reply#aboutSession}.
     */
    public Reply respond(IdempotentPost post, Function<JsonNode, Reply> action) {
        JsonNode body = post.body();
        String key = post.key();
        if (key == null) return action.apply(body);
        if (!KEY.matcher(key).matches()) {
            throw ProblemException.validation("Idempotency-Key", "must be 1-255 visible ASCII characters");
        }
        String principal = post.principal();
        String hash = TokenSecrets.hash(post.method() + " " + post.path() + "\n" + (body == null ? "" : Json.write(body)));
        long notBefore = clock.millis() - WINDOW.toMillis();

        Optional<IdempotencyStore.Stored> seen = db.read(tx -> store.find(tx, principal, key, notBefore));
        if (seen.isPresent()) return replay(seen.get(), hash);
        return db.write(tx -> {
            // Checked again inside the write: a concurrent retry may have committed since the read.
            var raced = store.find(tx, principal, key, notBefore);
            if (raced.isPresent()) return replay(raced.get(), hash);
            Reply fresh = action.apply(body);
            store.save(tx, principal, key,
                    new IdempotencyStore.Stored(hash, fresh.status(), Json.write(fresh.headers()), fresh.body() == null ? "" : fresh.body()),
                    fresh.sessionKey(), clock.millis());
            return fresh;
        });
    }

    private static Reply replay(IdempotencyStore.Stored stored, String hash) {
        if (!stored.requestHash().equals(hash)) {
            throw ProblemException.conflict("this Idempotency-Key was used with a different request within the last 24 h");
        }
        try {
            Map<String, String> headers = Json.MAPPER.readValue(stored.headersJson(), HEADERS);
            return new Reply(stored.status(), stored.body().isEmpty() ? null : stored.body(), headers)
                    .header("Idempotent-Replayed", "true");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes records past the 24 h window; run periodically by housekeeping. */
    public int prune() {
        long cutoff = clock.millis() - WINDOW.toMillis();
        return db.write(tx -> store.prune(tx, cutoff));
    }
}
