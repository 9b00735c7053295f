package dev.switchboard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/** Numbers for people: {@code $0.0001} not {@code $1.0E-4}, {@code 12,345} tokens not {@code 12345}. */
final class Format {
    private static final BigDecimal CENT = new BigDecimal("0.01");
    private static final MathContext TWO_DIGITS = new MathContext(2, RoundingMode.HALF_UP);

    private Format() {}

    /**
     * US dollars: cents for amounts of a cent or more ({@code $1.23}); smaller amounts keep two significant digits
     * ({@code $0.0031}, {@code $0.00012}), since agents' per-message costs are often fractions of a cent.
     */
    static String money(double usd) {
        if (usd == 0) return "$0.00";
        BigDecimal v = BigDecimal.valueOf(Math.abs(usd));
        String text = v.compareTo(CENT) >= 0 ? v.setScale(2, RoundingMode.HALF_UP).toPlainString()
                : v.round(TWO_DIGITS).stripTrailingZeros().toPlainString();
        return (usd < 0 ? "-$" : "$") + text;
    }

    /** A count with thousands separators: {@code 1,234,567}. */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** A usage object in one line: {@code in 1,200 · out 340 · $0.0031}. */
    static String usage(JsonNode u) {
        var sb = new StringBuilder("in " + count(u.path("input_tokens").asLong()) + " · out " + count(u.path("output_tokens").asLong()));
        long cached = u.path("cache_read_tokens").asLong();
        if (cached > 0) sb.append(" · cached ").append(count(cached));
        long reasoning = u.path("reasoning_tokens").asLong();
        if (reasoning > 0) sb.append(" · reasoning ").append(count(reasoning));
        return sb.append(" · ").append(money(u.path("cost_usd").asDouble())).toString();
    }
}
