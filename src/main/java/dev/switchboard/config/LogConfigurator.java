package dev.switchboard.config;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.NopStatusListener;

/**
 * Logback's configuration, in code (found through {@code META-INF/services}): a {@code logback.xml} costs every start
 * ≈ 40 ms of XML parsing and model building before the first line is logged (JFR of a start, 2026-12). Logs go to
 * stderr, one line each; the root level is {@code SWITCHBOARD_LOG_LEVEL} (a system property, which {@code serve
 * --debug} sets, or an environment variable; INFO by default). An operator's own file still wins: with
 * {@code -Dlogback.configurationFile=...} this configurator steps aside and logback reads that file.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class LogConfigurator extends ContextAwareBase implements Configurator {
    static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{20} - %msg%n";
    /** Javalin logs a failed start with Jetty's whole stack trace; serve says it in one line (--debug: DEBUG). */
    public static final String JAVALIN_LEVEL = "switchboard.javalin.level";
    public static final String ROOT_LEVEL = "SWITCHBOARD_LOG_LEVEL";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) return ExecutionStatus.NEUTRAL;
        context.getStatusManager().add(new NopStatusListener());
        var encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        var stderr = new ConsoleAppender<ILoggingEvent>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(setting(ROOT_LEVEL), Level.INFO));
        root.addAppender(stderr);
        context.getLogger("org.eclipse.jetty").setLevel(Level.WARN);
        context.getLogger("io.javalin").setLevel(Level.WARN);
        context.getLogger("io.javalin.Javalin").setLevel(Level.toLevel(System.getProperty(JAVALIN_LEVEL), Level.OFF));
        context.getLogger("org.flywaydb").setLevel(Level.WARN);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private static String setting(String name) {
        String value = System.getProperty(name);
        return value != null ? value : System.getenv(name);
    }
}
