package dev.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The logging configuration that replaced logback.xml: the same levels, pattern and target, and the same overrides. */
class LogConfiguratorTest {
    @AfterEach
    void clearProperties() {
        System.clearProperty(LogConfigurator.ROOT_LEVEL);
        System.clearProperty(LogConfigurator.JAVALIN_LEVEL);
        System.clearProperty("logback.configurationFile");
    }

    private static LoggerContext configured() {
        var context = new LoggerContext();
        var configurator = new LogConfigurator();
        configurator.setContext(context);
        assertThat(configurator.configure(context)).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        return context;
    }

    @Test
    void logs_info_and_up_to_stderr_one_line_each_with_the_libraries_quieter() {
        LoggerContext context = configured();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.INFO);
        var appender = (ConsoleAppender<?>) root.getAppender("STDERR");
        assertThat(appender.isStarted()).isTrue();
        assertThat(appender.getTarget()).isEqualTo("System.err");
        assertThat(((PatternLayoutEncoder) appender.getEncoder()).getPattern()).isEqualTo(LogConfigurator.PATTERN);
        assertThat(context.getLogger("org.eclipse.jetty.server.Server").getEffectiveLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("org.flywaydb.core.Flyway").getEffectiveLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("io.javalin.Javalin").getEffectiveLevel()).isEqualTo(Level.OFF);
        assertThat(context.getLogger("dev.switchboard.Switchboard").getEffectiveLevel()).isEqualTo(Level.INFO);
    }

    @Test
    void serve_debug_raises_the_root_and_javalin_levels() {
        System.setProperty(LogConfigurator.ROOT_LEVEL, "DEBUG");
        System.setProperty(LogConfigurator.JAVALIN_LEVEL, "DEBUG");
        LoggerContext context = configured();
        assertThat(context.getLogger("dev.switchboard.Switchboard").getEffectiveLevel()).isEqualTo(Level.DEBUG);
        assertThat(context.getLogger("io.javalin.Javalin").getEffectiveLevel()).isEqualTo(Level.DEBUG);
    }

    @Test
    void an_operators_own_logback_file_is_left_to_logback() {
        System.setProperty("logback.configurationFile", "/etc/switchboard/logback.xml");
        var context = new LoggerContext();
        var configurator = new LogConfigurator();
        configurator.setContext(context);
        assertThat(configurator.configure(context)).isEqualTo(ExecutionStatus.NEUTRAL);
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR")).isNull();
    }

    @Test
    void the_running_process_is_configured_by_it() {
        var root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        assertThat(root.getAppender("STDERR")).isInstanceOf(ConsoleAppender.class);
        assertThat(root.getLoggerContext().getLogger("org.eclipse.jetty").getLevel()).isEqualTo(Level.WARN);
    }
}
