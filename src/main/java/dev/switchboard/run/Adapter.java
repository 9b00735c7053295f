package dev.switchboard.run;

/**
 * Runs one agent invocation to completion. Called on the run's own virtual thread, outside any write
 * transaction; reports output through {@link AdapterRun#out()} and honours {@link AdapterRun#stop()}.
 */
public sealed interface Adapter permits EchoAdapter, ProcessAdapter, HttpAdapter {
    Outcome run(AdapterRun run) throws InterruptedException;
}
