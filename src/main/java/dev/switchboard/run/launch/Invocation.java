package dev.switchboard.run.launch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The launcher's command line: {@code <grace-millis> [--env=NAME=VALUE]... -- <argv...>}. {@code --env} carries
 * the variables the agent may see but the launcher's own JVM must not read ({@code JAVA_TOOL_OPTIONS} & co.).
 */
public record Invocation(Duration grace, Map<String, String> env, List<String> command) {

    public List<String> toArgs() {
        var args = new ArrayList<String>();
        args.add(Long.toString(grace.toMillis()));
        env.forEach((k, v) -> args.add("--env=" + k + "=" + v));
        args.add("--");
        args.addAll(command);
        return args;
    }

    static Invocation parse(String[] args) {
        if (args.length < 3) throw new IllegalArgumentException("usage: <grace-millis> [--env=NAME=VALUE]... -- <argv...>");
        Duration grace = Duration.ofMillis(Long.parseLong(args[0]));
        var env = new LinkedHashMap<String, String>();
        int i = 1;
        for (; i < args.length && !args[i].equals("--"); i++) {
            String a = args[i];
            int eq = a.indexOf('=', "--env=".length());
            if (!a.startsWith("--env=") || eq < 0) throw new IllegalArgumentException("unknown option " + a);
            env.put(a.substring("--env=".length(), eq), a.substring(eq + 1));
        }
        if (i >= args.length - 1) throw new IllegalArgumentException("no command after --");
        return new Invocation(grace, env, List.of(args).subList(i + 1, args.length));
    }
}
