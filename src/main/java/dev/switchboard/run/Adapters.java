package dev.switchboard.run;

import java.net.http.HttpClient;
import java.time.Duration;

/** Builds the adapter for an agent definition; one instance per run (process adapters hold the run's stdin). */
final class Adapters {
    /** Made by the first http run: its TLS set-up (trust store, ciphers) was ≈ 0.1 s of every start, needed or not. */
    private HttpClient http;

    Adapter create(AgentSpec spec, ProcessAdapter.Started started) {
        return switch (spec) {
            case AgentSpec.Echo e -> new EchoAdapter(e);
            case AgentSpec.Process p -> new ProcessAdapter(p, started);
            case AgentSpec.Http h -> new HttpAdapter(h, http());
        };
    }

    private synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(10))
                    .followRedirects(HttpClient.Redirect.NEVER) // the admin-configured endpoint only, never where it points
                    .build();
        }
        return http;
    }
}
