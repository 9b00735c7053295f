package dev.switchboard.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Plain-text table with columns sized to their widest cell (capped, so one long title can't wrap every row). */
final class Table {
    private static final int MAX_WIDTH = 48;
    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    Table(String... headers) {
        this.headers = List.of(headers);
    }

    Table row(Object... cells) {
        var r = new ArrayList<String>(cells.length);
        for (Object c : cells) {
            String s = c == null ? "-" : String.valueOf(c).replace('\n', ' ');
            r.add(s.length() > MAX_WIDTH ? s.substring(0, MAX_WIDTH - 1) + "…" : s);
        }
        rows.add(r);
        return this;
    }

    void print(PrintStream out) {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headers.get(i).length();
            for (List<String> r : rows) widths[i] = Math.max(widths[i], r.get(i).length());
        }
        line(out, headers, widths);
        for (List<String> r : rows) line(out, r, widths);
    }

    private static void line(PrintStream out, List<String> cells, int[] widths) {
        var sb = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) sb.append("  ");
            sb.append(i == cells.size() - 1 ? cells.get(i) : String.format("%-" + widths[i] + "s", cells.get(i)));
        }
        out.println(sb.toString().stripTrailing());
    }

    /** Under a table: how to get the next page, when there is one. */
    static void more(com.fasterxml.jackson.databind.JsonNode page) {
        if (page.hasNonNull("next_cursor")) System.out.println("(more: --cursor " + page.path("next_cursor").asText() + ")");
    }
}
