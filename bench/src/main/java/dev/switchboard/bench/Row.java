package dev.switchboard.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One line of the results table. {@code value} is the scenario's headline number in {@code unit}
 * (a throughput such as msg/s, or a size for memory rows); latencies are in milliseconds and NaN where a
 * row has none. {@code status} is "ok", or "n/a" with the reason in {@code note}.
 *
 * @param extra measurements that explain the row (server/generator CPU, writes per commit, RSS, ...)
 */
public record Row(String id, String group, String name, double value, String unit, double p50, double p99,
                  double p999, long samples, long errors, String status, String note, Map<String, Object> extra) {

    public static final String OK = "ok";
    public static final String NOT_AVAILABLE = "n/a";

    public static Row latency(String id, String group, String name, double value, String unit, Latencies.Summary s,
                              long errors, String note, Map<String, Object> extra) {
        return new Row(id, group, name, value, unit, s.millis(50), s.millis(99), s.millis(99.9), s.count(), errors,
                OK, note, new LinkedHashMap<>(extra));
    }

    public static Row value(String id, String group, String name, double value, String unit, String note,
                            Map<String, Object> extra) {
        return new Row(id, group, name, value, unit, Double.NaN, Double.NaN, Double.NaN, 0, 0, OK, note,
                new LinkedHashMap<>(extra));
    }

    public static Row notAvailable(String id, String group, String name, String reason) {
        return new Row(id, group, name, Double.NaN, "", Double.NaN, Double.NaN, Double.NaN, 0, 0, NOT_AVAILABLE,
                reason, Map.of());
    }

    public boolean ok() {
        return status.equals(OK);
    }
}
