package dev.switchboard.store.postgres;

import dev.switchboard.search.SearchStore.InvalidQueryException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Translates the search API's query language, which is SQLite FTS5's (words, {@code "phrases"}, {@code prefix*},
 * {@code AND}/{@code OR}/{@code NOT}, parentheses; words joined by spaces must all match), into a PostgreSQL
 * {@code tsquery}, so that one query finds the same messages on both stores and one that FTS5 rejects (an unclosed
 * quote, {@code C++}, {@code don't}, {@code foo-bar}, a bare {@code AND}) is rejected here too (422). Phrases are split
 * into words the way FTS5's unicode61 tokenizer splits them (on anything but letters, digits and {@code _}), and
 * become {@code <->} sequences.
 *
 * <p>The output only ever holds quoted lexemes made of letters, digits and {@code _}, and operators: user text can't
 * change the tsquery's structure.
 */
final class Fts5Query {
    private final String in;
    private int pos;

    private Fts5Query(String in) {
        this.in = in;
    }

    static String toTsquery(String fts5) {
        var p = new Fts5Query(fts5);
        String q = p.or();
        p.skipSpace();
        if (p.pos < p.in.length()) throw p.error("unexpected '" + p.in.charAt(p.pos) + "'");
        return q;
    }

    private String or() {
        var parts = new ArrayList<String>(List.of(and()));
        while (keyword("OR")) parts.add(and());
        return parts.size() == 1 ? parts.getFirst() : "(" + String.join(" | ", parts) + ")";
    }

    private String and() {
        var parts = new ArrayList<String>(List.of(not()));
        while (true) {
            skipSpace();
            if (pos >= in.length() || in.charAt(pos) == ')' || peekKeyword("OR")) break;
            keyword("AND"); // optional: adjacent terms are ANDed
            parts.add(not());
        }
        return parts.size() == 1 ? parts.getFirst() : "(" + String.join(" & ", parts) + ")";
    }

    private String not() {
        String left = primary();
        while (keyword("NOT")) left = "(" + left + " & !" + primary() + ")";
        return left;
    }

    private String primary() {
        skipSpace();
        if (pos >= in.length()) throw error("a term is missing");
        char c = in.charAt(pos);
        if (c == '(') {
            pos++;
            String inner = or();
            skipSpace();
            if (pos >= in.length() || in.charAt(pos) != ')') throw error("a parenthesis is not closed");
            pos++;
            return inner;
        }
        List<String> words = c == '"' ? phrase() : List.of(bareword());
        boolean prefix = pos < in.length() && in.charAt(pos) == '*';
        if (prefix) pos++;
        var lexemes = new ArrayList<String>();
        for (int i = 0; i < words.size(); i++) {
            lexemes.add("'" + words.get(i) + "'" + (prefix && i == words.size() - 1 ? ":*" : ""));
        }
        return lexemes.size() == 1 ? lexemes.getFirst() : "(" + String.join(" <-> ", lexemes) + ")";
    }

    private List<String> phrase() {
        var text = new StringBuilder();
        pos++; // the opening quote
        while (true) {
            if (pos >= in.length()) throw error("a quote is not closed");
            char c = in.charAt(pos++);
            if (c == '"') {
                if (pos < in.length() && in.charAt(pos) == '"') pos++; // "" is a literal quote: a separator here
                else break;
            }
            text.append(c);
        }
        var words = new ArrayList<String>();
        for (String w : text.toString().split("[^\\p{L}\\p{N}_]+")) {
            if (!w.isEmpty()) words.add(w.toLowerCase(Locale.ROOT));
        }
        if (words.isEmpty()) throw error("a phrase holds no word");
        return words;
    }

    private String bareword() {
        int start = pos;
        while (pos < in.length() && wordChar(in.charAt(pos))) pos++;
        if (pos == start) throw error("'" + in.charAt(pos) + "' can't stand here");
        String w = in.substring(start, pos);
        if (w.equals("AND") || w.equals("OR") || w.equals("NOT")) throw error(w + " needs a term on each side");
        if (pos < in.length() && !Character.isWhitespace(in.charAt(pos)) && "()*\"".indexOf(in.charAt(pos)) < 0) {
            throw error("'" + in.charAt(pos) + "' after a word");
        }
        return w.toLowerCase(Locale.ROOT);
    }

    private static boolean wordChar(char c) {
        return c >= 0x80 || Character.isLetterOrDigit(c) || c == '_';
    }

    private boolean keyword(String k) {
        if (!peekKeyword(k)) return false;
        pos += k.length();
        return true;
    }

    private boolean peekKeyword(String k) {
        skipSpace();
        int end = pos + k.length();
        return in.startsWith(k, pos) && (end == in.length() || !wordChar(in.charAt(end)));
    }

    private void skipSpace() {
        while (pos < in.length() && Character.isWhitespace(in.charAt(pos))) pos++;
    }

    private InvalidQueryException error(String why) {
        return new InvalidQueryException("is not a valid full-text query (" + why + "); put words with punctuation in "
                + "double quotes, e.g. \"foo-bar\", or pass syntax=plain to search for the words as written");
    }
}
