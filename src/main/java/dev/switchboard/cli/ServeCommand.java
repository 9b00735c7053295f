package dev.switchboard.cli;

import dev.switchboard.Switchboard;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.LogConfigurator;
import dev.switchboard.config.StartupFailure;
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

    @Option(names = "--store", description = "Where the data lives: sqlite (default, in --data) or a "
            + "postgresql://user@host:5432/db URL (password in the URL, PGPASSWORD or [store] password_file)")
    String store;

    @Option(names = "--data", description = "Data directory (SQLite file, admin token)")
    Path data;

    @Option(names = "--config", description = "Config file (.toml or .json)")
    Path configFile;

    @Option(names = "--debug", description = "Log at DEBUG and print stack traces of start-up failures")
    boolean debug;

    @Override
    public void run() {
        // Before the first logger is created: logback reads these when it configures itself (LogConfigurator).
        if (debug) {
            System.setProperty(LogConfigurator.ROOT_LEVEL, "DEBUG");
            System.setProperty(LogConfigurator.JAVALIN_LEVEL, "DEBUG");
        }
        SwitchboardConfig config = load();
        Switchboard server;
        try {
            server = Switchboard.start(config, Clock.systemUTC());
        } catch (ConfigException e) {
            throw failure("configuration: " + e.getMessage(), ExitCodes.USAGE, e);
        } catch (StartupFailure e) {
            throw failure(e.getMessage(), e.kind() == StartupFailure.Kind.LISTEN ? ExitCodes.CANNOT_LISTEN : ExitCodes.DATA_DIR, e);
        } catch (RuntimeException e) {
            throw failure("start-up failed: " + e + (debug ? "" : " (run with --debug for the stack trace)"), ExitCodes.FAILED, e);
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
            System.out.println("  ./switchboard tokens create --name my-bot --scope sessions:read --scope sessions:write"
                    + " --scope transcripts:read --scope transcripts:write --scope runs:write");
            System.out.println();
        });
        System.out.println("Ready. API docs at " + url + "/docs");
    }

    private SwitchboardConfig load() {
        try {
            Path file = configFile != null ? configFile
                    : System.getenv("SWITCHBOARD_CONFIG") != null ? Path.of(System.getenv("SWITCHBOARD_CONFIG")) : null;
            return ConfigLoader.defaults()
                    .file(file)
                    .env(System.getenv())
                    .set("server.port", port)
                    .set("server.bind", bind)
                    .set("data_dir", data == null ? null : data.toString())
                    .set("store.url", store)
                    .load();
        } catch (ConfigException e) {
            throw failure("configuration: " + e.getMessage(), ExitCodes.USAGE, e);
        }
    }

    /** One line for the user; the stack trace too with --debug. */
    private CliException failure(String message, int exitCode, Exception cause) {
        if (debug) cause.printStackTrace();
        return new CliException(message, exitCode);
    }

    private static String hostForUrl(String bind) {
        if (bind.equals("0.0.0.0") || bind.equals("::")) return "127.0.0.1";
        return bind.contains(":") ? "[" + bind + "]" : bind;
    }
}
