package dev.switchboard.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.store.Database;
import dev.switchboard.store.StoreException;
import dev.switchboard.store.StoreHealth;
import dev.switchboard.store.TxWork;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Which store refusals a run's write is retried after: only those that say nothing was written, so a retry never
 * writes twice. (The real store under a full queue: {@code StoreBusyRunTest}.)
 */
class StoreRetryTest {
    /** A store that refuses the next writes with the given failures, then writes (runs nothing: no work needs a Tx here). */
    static final class Refusing implements Database {
        final ArrayDeque<StoreException> refusals;
        int attempts;

        Refusing(StoreException... refusals) {
            this.refusals = new ArrayDeque<>(List.of(refusals));
        }

        @Override
        public <R> R read(TxWork<R> work) {
            throw new UnsupportedOperationException();
        }

        @Override
        @SuppressWarnings("unchecked")
        public <R> R write(TxWork<R> work) {
            attempts++;
            if (!refusals.isEmpty()) throw refusals.removeFirst();
            return (R) "written";
        }

        @Override
        public StoreHealth health() {
            throw new UnsupportedOperationException();
        }

        @Override
        public String kind() {
            return "refusing";
        }

        @Override
        public void close() {}
    }

    static StoreException unavailable(String message, Throwable cause) {
        return new StoreException(StoreException.Kind.UNAVAILABLE, message, cause);
    }

    static Object write(Refusing db) {
        return new StoreRetry(db, new SimpleMeterRegistry(), () -> false).write("end", "r1", tx -> "written");
    }

    @Test
    void a_full_queue_and_a_withdrawn_write_are_retried_until_the_write_goes_through() {
        var db = new Refusing(unavailable("the write queue is full", null),
                unavailable("the store did not get to this write in time; it was not applied", null));
        assertThat(write(db)).isEqualTo("written");
        assertThat(db.attempts).isEqualTo(3);
    }

    @Test
    void a_write_that_may_have_been_applied_is_not_retried() {
        var unconfirmed = new StoreException(StoreException.Kind.UNCONFIRMED, "it may or may not have been applied",
                new TimeoutException());
        var db = new Refusing(unconfirmed);
        assertThatThrownBy(() -> write(db)).isSameAs(unconfirmed);
        assertThat(db.attempts).isEqualTo(1);
    }

    @Test
    void failures_that_do_not_pass_are_not_retried() {
        for (var kind : List.of(StoreException.Kind.FAILED, StoreException.Kind.STORAGE_FULL)) {
            var failure = new StoreException(kind, "no", null);
            var db = new Refusing(failure);
            assertThatThrownBy(() -> write(db)).isSameAs(failure);
            assertThat(db.attempts).isEqualTo(1);
        }
    }

    @Test
    void nothing_is_retried_once_the_server_is_closing() {
        var db = new Refusing(unavailable("the write queue is full", null));
        var retry = new StoreRetry(db, new SimpleMeterRegistry(), () -> true);
        assertThatThrownBy(() -> retry.write("start", "r1", tx -> "written")).isInstanceOf(StoreException.class);
        assertThat(db.attempts).isEqualTo(1);
    }
}
