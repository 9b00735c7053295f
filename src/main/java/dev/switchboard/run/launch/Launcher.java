package dev.switchboard.run.launch;

import java.io.IOException;

/**
 * The parent of a process agent on Linux, so that every process an agent starts ends with its run. The server
 * starts it as {@code java … Launcher <grace-millis> [--env=…]… [--interleave=…] -- <argv…>} with the agent's environment,
 * working directory, stdin pipe and log files. It
 * <ol>
 *   <li>starts a session of its own ({@code setsid}): the agent is outside the server's process group, so a
 *       Ctrl-C meant for the server does not reach it, and it outlives the server to be re-attached;</li>
 *   <li>becomes a child subreaper ({@code prctl(PR_SET_CHILD_SUBREAPER)}, unprivileged, Linux 3.4+): a process
 *       the agent leaves behind — a background grandchild whose parent exited, a daemon that called
 *       {@code setsid} — is re-parented to the launcher instead of init, so it stays a descendant the server
 *       finds ({@link ProcessHandle#descendants()}) and signals on abort, timeout and SIGKILL escalation;</li>
 *   <li>starts the agent's argv (never through a shell) with stdin inherited, and stdout and stderr inherited
 *       or, with {@code --interleave}, copied to the launcher's own and to a file holding both in order
 *       ({@link Interleaver});</li>
 *   <li>when the agent exits, ends what it left behind ({@link Family}) and exits with the agent's status.</li>
 * </ol>
 * It never writes to stdout (the agent's protocol); its own messages go to stderr, prefixed with {@link #PREFIX}.
 */
public final class Launcher {
    public static final String PREFIX = "switchboard-launcher: ";
    /** The exit status when the agent's program can't be started (as a shell would say). */
    public static final int CANNOT_START = 127;

    private Launcher() {}

    public static void main(String[] args) throws InterruptedException {
        Invocation inv;
        try {
            inv = Invocation.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(PREFIX + e.getMessage());
            System.exit(2);
            return;
        }
        Native.setsid();
        if (!Native.becomeChildSubreaper()) {
            System.err.println(PREFIX + "warning: the kernel refused PR_SET_CHILD_SUBREAPER; processes the agent "
                    + "leaves behind may outlive its run");
        }
        var family = new Family(inv.grace());
        // Installed before the agent exists: a SIGTERM from now on either comes before the start (the launcher just
        // exits) or finds the agent's family to end — never an agent without a parent that will end it.
        Runtime.getRuntime().addShutdownHook(new Thread(family::stopOnSignal, "launcher-stop"));
        var pb = new ProcessBuilder(inv.command()).inheritIO();
        Interleaver interleaver = interleaver(inv);
        if (interleaver != null) pb.redirectOutput(ProcessBuilder.Redirect.PIPE).redirectError(ProcessBuilder.Redirect.PIPE);
        pb.environment().putAll(inv.env());
        try {
            Process agent = family.start(pb);
            if (agent == null) return;
            if (interleaver != null) {
                interleaver.start(agent);
                family.copiedBy(interleaver);
            }
        } catch (IOException e) {
            System.err.println(PREFIX + "cannot start " + inv.command().getFirst() + ": " + e.getMessage());
            System.exit(CANNOT_START);
            return;
        }
        try {
            // The agent reads stdin; a copy held open here would keep the server's writes from failing once the
            // agent has closed its end, and fill the pipe instead.
            System.in.close();
        } catch (IOException ignored) {
            // nothing was read from it; closing can only fail if it is closed already
        }
        System.exit(family.awaitEnd());
    }

    /** The combined log's writer, or null (not asked for, or its file can't be made: the agent's own logs suffice). */
    private static Interleaver interleaver(Invocation inv) {
        if (inv.interleaved() == null) return null;
        try {
            return Interleaver.open(inv.interleaved());
        } catch (IOException e) {
            System.err.println(PREFIX + "warning: no combined log (" + e.getMessage() + "); stdout and stderr go to their own");
            return null;
        }
    }
}
