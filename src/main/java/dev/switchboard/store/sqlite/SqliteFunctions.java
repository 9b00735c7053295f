package dev.switchboard.store.sqlite;

import dev.switchboard.transcript.MessageText;
import java.sql.Connection;
import java.sql.SQLException;
import org.sqlite.Function;

/**
 * Java functions the schema calls from SQL. {@code sb_message_text(content, tool_calls)} feeds the
 * full-text index from triggers on {@code messages} (V2), so every writable connection must have it,
 * including the one Flyway migrates with; a connection without it fails on the first message insert
 * with "no such function", never silently skips indexing.
 */
public final class SqliteFunctions {
    private SqliteFunctions() {}

    /** Registers the functions on a writable connection; tools that write messages outside the server need it too. */
    public static void register(Connection connection) throws SQLException {
        Function.create(connection, "sb_message_text", new MessageTextFunction(), 2, Function.FLAG_DETERMINISTIC);
    }

    /** One instance per connection; SQLite calls it on the thread running the statement. */
    private static final class MessageTextFunction extends Function {
        @Override
        protected void xFunc() throws SQLException {
            String content = value_text(0);
            String toolCalls = value_text(1);
            String text;
            try {
                text = MessageText.of(content, toolCalls);
            } catch (RuntimeException e) {
                // An exception here would fail the append that fired the trigger: index the raw text instead.
                text = content == null ? "" : content;
            }
            result(text);
        }
    }
}
