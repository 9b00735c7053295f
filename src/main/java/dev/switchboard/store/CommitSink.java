package dev.switchboard.store;

import java.util.List;

/**
 * Receives, once per committed transaction, everything the transaction's units collected for it with
 * {@link Tx#collectAfterCommit}: work that is cheaper handed over once per batch than once per item (the live
 * event fan-out hands a whole group commit's events to its dispatcher in one step).
 *
 * @param <T> what is collected
 */
@FunctionalInterface
public interface CommitSink<T> {
    /**
     * Called on the committing thread after the commit is durable and before any caller is answered, with the
     * items of every unit that committed, in the order they were collected; never with an empty list. Must
     * not block.
     *
     * @return a barrier that each caller of the transaction runs on its own thread before its write returns
     *         (e.g. to wait, bounded, until the items have been handed on), or null for none
     */
    Runnable committed(List<T> items);
}
