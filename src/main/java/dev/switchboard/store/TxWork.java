package dev.switchboard.store;

import java.sql.SQLException;

/** A unit of work against the store; runs inside one transaction. */
@FunctionalInterface
public interface TxWork<R> {
    R run(Tx tx) throws SQLException;
}
