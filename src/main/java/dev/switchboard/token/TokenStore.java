package dev.switchboard.token;

import dev.switchboard.paging.Page;
import dev.switchboard.store.Tx;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

public interface TokenStore {
    void insert(Tx tx, Token token, String secretHash) throws SQLException;

    Optional<Token> findByHash(Tx tx, String secretHash) throws SQLException;

    Optional<Token> find(Tx tx, String id) throws SQLException;

    Page<Token> list(Tx tx, boolean includeRevoked, int limit, String cursor) throws SQLException;

    /** Revokes the token and every stream token minted from it; returns the ids that were revoked. */
    List<String> revoke(Tx tx, String id, Instant at) throws SQLException;

    /** True when some non-revoked, unexpired token holds the admin scope. */
    boolean anyUsableAdmin(Tx tx, Instant now) throws SQLException;

    void touch(Tx tx, String id, Instant at) throws SQLException;

    /** Deletes stream tokens that expired before {@code now}; returns how many. */
    int deleteExpiredStreamTokens(Tx tx, Instant now) throws SQLException;
}
