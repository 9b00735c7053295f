package dev.switchboard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the numbers were measured on, including how busy the machine was (load average before and after). */
final class Machine {
    private Machine() {}

    static Map<String, Object> describe(Path work) {
        var m = new LinkedHashMap<String, Object>();
        m.put("cpu", firstValue("/proc/cpuinfo", "model name"));
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("memory_gib", Math.round(Double.parseDouble(firstValue("/proc/meminfo", "MemTotal").split("\\s+")[0]) / 1048576.0));
        m.put("kernel", read("/proc/sys/kernel/osrelease"));
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("filesystem", filesystemOf(work));
        m.put("load_average_at_start", loadAverage());
        return m;
    }

    static String loadAverage() {
        String l = read("/proc/loadavg");
        String[] p = l.split(" ");
        return p.length >= 3 ? p[0] + " " + p[1] + " " + p[2] : l;
    }

    private static String firstValue(String file, String key) {
        for (String line : read(file).split("\n")) {
            if (line.startsWith(key)) return line.substring(line.indexOf(':') + 1).trim();
        }
        return "?";
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file)).trim();
        } catch (IOException e) {
            return "?";
        }
    }

    /** The mount holding {@code path} (device, type): tmpfs there would make every fsync free. */
    private static String filesystemOf(Path path) {
        String best = "?";
        int bestLen = -1;
        String abs = path.toAbsolutePath().toString();
        for (String line : read("/proc/mounts").split("\n")) {
            String[] f = line.split(" ");
            if (f.length < 3) continue;
            if ((abs.equals(f[1]) || abs.startsWith(f[1].endsWith("/") ? f[1] : f[1] + "/")) && f[1].length() > bestLen) {
                bestLen = f[1].length();
                best = f[0] + " (" + f[2] + ") on " + f[1];
            }
        }
        return best;
    }
}
