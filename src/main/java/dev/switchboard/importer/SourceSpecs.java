package dev.switchboard.importer;

import dev.switchboard.config.ConfigException;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.session.SessionKeys;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code [[sources]]} entries as {@link SourceSpec}s, checked before the server opens anything. */
public final class SourceSpecs {
    private SourceSpecs() {}

    public static List<SourceSpec> fromConfig(List<SwitchboardConfig.Source> sources, Path home) {
        var out = new ArrayList<SourceSpec>();
        for (int i = 0; i < sources.size(); i++) {
            var s = sources.get(i);
            SourceReader reader;
            try {
                reader = Readers.create(s.kind());
            } catch (IllegalArgumentException e) {
                throw new ConfigException("sources[" + i + "].kind: " + e.getMessage());
            }
            if (s.agent() != null && !SessionKeys.validAgent(s.agent())) {
                throw new ConfigException("sources[" + i + "].agent must match [A-Za-z0-9._-]{1,64}");
            }
            if (s.channel() != null && !SessionKeys.validPlatform(s.channel())) {
                throw new ConfigException("sources[" + i + "].channel must be lowercase letters, digits, '.', '_' or '-'");
            }
            List<Path> paths = s.path() != null ? List.of(expand(s.path(), home)) : reader.defaultPaths(home);
            out.add(new SourceSpec(s.kind(), paths, s.follow(), s.agent(), s.channel()));
        }
        return List.copyOf(out);
    }

    /** The user's home: {@code $HOME} as a shell sees it (the JVM's {@code user.home} ignores it), else {@code user.home}. */
    public static Path home() {
        String env = System.getenv("HOME");
        return Path.of(env != null && !env.isBlank() ? env : System.getProperty("user.home"));
    }

    /** {@code ~} and {@code ~/…} are the user's home, as in a shell. */
    public static Path expand(String path, Path home) {
        if (path.equals("~")) return home;
        if (path.startsWith("~/")) return home.resolve(path.substring(2));
        return Path.of(path);
    }
}
