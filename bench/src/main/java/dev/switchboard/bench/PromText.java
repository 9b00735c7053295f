package dev.switchboard.bench;

/** A scraped Prometheus text exposition, queried by metric name and a label fragment. */
public record PromText(String text) {

    /** Sum of every sample of {@code name} whose labels contain {@code labelFragment} ("" for all). */
    public double sum(String name, String labelFragment) {
        double total = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || !line.startsWith(name)) continue;
            int rest = name.length();
            if (rest >= line.length()) continue;
            char next = line.charAt(rest);
            if (next != '{' && next != ' ') continue; // a longer metric name sharing this prefix
            int close = line.lastIndexOf('}');
            String labels = next == '{' && close > 0 ? line.substring(rest, close + 1) : "";
            if (!labels.contains(labelFragment)) continue;
            String value = line.substring(line.lastIndexOf(' ') + 1);
            try {
                total += Double.parseDouble(value);
            } catch (NumberFormatException ignored) {
                // NaN/Inf spelled differently: not a number we can add
            }
        }
        return total;
    }
}
