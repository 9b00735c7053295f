package dev.switchboard.readme;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The fenced code blocks of README.md, in order, with their language and the indentation of list items removed. */
record ReadmeBlocks(List<Block> blocks) {
    record Block(String language, int line, String text) {}

    private static final Pattern FENCE = Pattern.compile("^(\\s*)```(\\w*)\\s*$");

    static ReadmeBlocks read() {
        try {
            return parse(Files.readAllLines(Path.of("README.md")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ReadmeBlocks parse(List<String> lines) {
        var blocks = new ArrayList<Block>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = FENCE.matcher(lines.get(i));
            if (!open.matches()) continue;
            int indent = open.group(1).length();
            var text = new StringBuilder();
            int start = i + 1;
            for (i++; i < lines.size() && !FENCE.matcher(lines.get(i)).matches(); i++) {
                String l = lines.get(i);
                text.append(l.length() >= indent ? l.substring(Math.min(indent, leading(l))) : l.strip()).append('\n');
            }
            blocks.add(new Block(open.group(2), start, text.toString()));
        }
        return new ReadmeBlocks(List.copyOf(blocks));
    }

    private static int leading(String l) {
        int n = 0;
        while (n < l.length() && l.charAt(n) == ' ') n++;
        return n;
    }

    List<Block> of(String language) {
        return blocks.stream().filter(b -> b.language().equals(language)).toList();
    }
}
