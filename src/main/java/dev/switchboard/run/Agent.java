package dev.switchboard.run;

/**
 * A named agent definition and where it comes from: {@code config} (the config file's {@code [agents.<id>]}),
 * {@code api} ({@code PUT /v1/agents/{id}}) or {@code builtin} (the {@code echo} agent).
 */
public record Agent(String id, String source, AgentSpec spec) {
    public static final String CONFIG = "config";
    public static final String API = "api";
    public static final String BUILTIN = "builtin";
}
