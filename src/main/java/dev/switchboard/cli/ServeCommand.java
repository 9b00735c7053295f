package dev.switchboard.cli;

import dev.switchboard.Switchboard;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.SwitchboardConfig;
import java.nio.file.Path;
import java.time.Clock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the server (defaults: 127.0.0.1:7700, data in ./data). Env: SWITCHBOARD_PORT, "
                + "SWITCHBOARD_BIND, SWITCHBOARD_DATA, SWITCHBOARD_CONFIG, SWITCHBOARD_<SECTION>__<KEY>.")
public final class ServeCommand implements Runnable {
    @Option(names = "--port", description = "TCP port (0 picks a free one)")
    Integer port;

    @Option(names = "--bind", description = "Address to listen on")
    String bind;

    @Option(names = "--data", description = "Data directory (SQLite file, admin token)")
    Path data;

    @Option(names = "--config", description = "Config file (.toml or .json)")
    Path configFile;

    @Override
    public void run() {
        SwitchboardConfig config;
        try {
            Path file = configFile != null ? configFile
                    : System.getenv("SWITCHBOARD_CONFIG") != null ? Path.of(System.getenv("SWITCHBOARD_CONFIG")) : null;
            config = ConfigLoader.defaults()
                    .file(file)
                    .env(System.getenv())
                    .set("server.port", port)
                    .set("server.bind", bind)
                    .set("data_dir", data == null ? null : data.toString())
                    .load();
        } catch (ConfigException e) {
            throw new CliException("configuration: " + e.getMessage(), 2);
        }
        Switchboard server;
        try {
            server = Switchboard.start(config, Clock.systemUTC());
        } catch (ConfigException e) {
            throw new CliException("configuration: " + e.getMessage(), 2);
        }
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("shutdown").unstarted(server::close));
        String url = "http://" + hostForUrl(config.server().bind()) + ":" + server.port();
        System.out.println("Switchboard " + url + "  (data: " + config.dataDir() + ", store: " + config.store() + ")");
        server.createdAdminToken().ifPresent(secret -> {
            Path file = config.adminTokenFile();
            System.out.println();
            System.out.println("First start: created an admin token and saved it to " + file + " (mode 0600).");
            System.out.println("Use it like this:");
            System.out.println("  export SWITCHBOARD_TOKEN=$(cat " + file + ")");
            System.out.println("  curl -H \"Authorization: Bearer $SWITCHBOARD_TOKEN\" " + url + "/v1/sessions");
            System.out.println("  ./switchboard tokens create --name my-agent --scope sessions:write --scope transcripts:write");
            System.out.println();
        });
        System.out.println("Ready. API docs at " + url + "/docs");
    }

    private static String hostForUrl(String bind) {
        if (bind.equals("0.0.0.0") || bind.equals("::")) return "127.0.0.1";
        return bind.contains(":") ? "[" + bind + "]" : bind;
    }
}
