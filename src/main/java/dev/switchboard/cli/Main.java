package dev.switchboard.cli;

public final class Main {
    private Main() {}

    public static void main(String[] args) {
        int code = SwitchboardCommand.commandLine(args).execute(args);
        if (code != 0 || !SwitchboardCommand.keepsRunning(args)) System.exit(code);
    }
}
