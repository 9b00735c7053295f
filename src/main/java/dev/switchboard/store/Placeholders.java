package dev.switchboard.store;

/** Counts the {@code ?} parameters of a SQL statement, skipping quoted literals, quoted names and comments. */
final class Placeholders {
    private Placeholders() {}

    static int count(String sql) {
        int count = 0;
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"') {
                i = sql.indexOf(c, i + 1);
                if (i < 0) return count;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                i = sql.indexOf('\n', i);
                if (i < 0) return count;
            } else if (c == '?') {
                count++;
            }
            i++;
        }
        return count;
    }
}
