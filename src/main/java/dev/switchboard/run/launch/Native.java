package dev.switchboard.run.launch;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The three Linux calls the launcher needs that the JDK has no API for, through the FFM API (no native
 * library of ours): {@code setsid}, {@code prctl(PR_SET_CHILD_SUBREAPER)} and a non-blocking {@code waitpid}.
 */
final class Native {
    /** {@code <linux/prctl.h>}: PR_SET_CHILD_SUBREAPER (Linux 3.4+). */
    private static final int PR_SET_CHILD_SUBREAPER = 36;
    /** {@code <sys/wait.h>}: WNOHANG. */
    private static final int WNOHANG = 1;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle SETSID = downcall("setsid", FunctionDescriptor.of(ValueLayout.JAVA_INT));
    private static final MethodHandle PRCTL = LINKER.downcallHandle(symbol("prctl"),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG),
            Linker.Option.firstVariadicArg(1));
    private static final MethodHandle WAITPID = downcall("waitpid",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));

    private Native() {}

    private static MemorySegment symbol(String name) {
        SymbolLookup libc = LINKER.defaultLookup();
        return libc.find(name).orElseThrow(() -> new UnsupportedOperationException("libc has no " + name));
    }

    private static MethodHandle downcall(String name, FunctionDescriptor d) {
        return LINKER.downcallHandle(symbol(name), d);
    }

    /** Starts a new session (and process group) led by this process; false if it already leads one. */
    static boolean setsid() {
        try {
            return (int) SETSID.invokeExact() > 0;
        } catch (Throwable t) {
            throw new IllegalStateException("setsid", t);
        }
    }

    /** Makes orphaned descendants re-parent to this process instead of init; false when the kernel refuses. */
    static boolean becomeChildSubreaper() {
        try {
            return (int) PRCTL.invokeExact(PR_SET_CHILD_SUBREAPER, 1L) == 0;
        } catch (Throwable t) {
            throw new IllegalStateException("prctl", t);
        }
    }

    /** Reaps {@code pid} if it is a child that has exited; true when it was reaped. Never blocks. */
    static boolean reap(long pid) {
        try {
            return (int) WAITPID.invokeExact((int) pid, MemorySegment.NULL, WNOHANG) == (int) pid;
        } catch (Throwable t) {
            throw new IllegalStateException("waitpid", t);
        }
    }
}
