package dev.switchboard.run.launch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The launcher's command line: {@code <grace-millis> [--env=NAME=VALUE]... [--interleave=PATH] -- <argv...>}.
 * {@code --env} carries the variables the agent may see but the launcher's own JVM must not read
 * ({@code JAVA_TOOL_OPTIONS} & co.); {@code --interleave} names the file that gets stdout and stderr in order
 * ({@link Interleaver}; null: the agent inherits the launcher's stdout and stderr).
 */
public record Invocation(Duration grace, Map<String, String> env, Path interleaved, List<String> command) {
    private static final String ENV = "--env=";
    private static final String INTERLEAVE = "--interleave=";

    public List<String> toArgs() {
        var args = new ArrayList<String>();
        args.add(Long.toString(grace.toMillis()));
        env.forEach((k, v) -> args.add(ENV + k + "=" + v));
        if (interleaved != null) args.add(INTERLEAVE + interleaved);
        args.add("--");
        args.addAll(command);
        return args;
    }

    static Invocation parse(String[] args) {
        if (args.length < 3) throw new IllegalArgumentException("usage: <grace-millis> [--env=NAME=VALUE]... [--interleave=PATH] -- <argv...>");
        Duration grace = Duration.ofMillis(Long.parseLong(args[0]));
        var env = new LinkedHashMap<String, String>();
        Path interleaved = null;
        int i = 1;
        for (; i < args.length && !args[i].equals("--"); i++) {
            String a = args[i];
            int eq = a.indexOf('=', ENV.length());
            if (a.startsWith(INTERLEAVE)) interleaved = Path.of(a.substring(INTERLEAVE.length()));
            else if (a.startsWith(ENV) && eq >= 0) env.put(a.substring(ENV.length(), eq), a.substring(eq + 1));
            else throw new IllegalArgumentException("unknown option " + a);
        }
        if (i >= args.length - 1) throw new IllegalArgumentException("no command after --");
        return new Invocation(grace, env, interleaved, List.of(args).subList(i + 1, args.length));
    }
}
