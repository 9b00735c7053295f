package dev.switchboard.run;

import dev.switchboard.problem.ProblemException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a process agent may work: a run's {@code workdir} must lie inside one of its agent's {@code workdir_root}s.
 * The check is on real paths (symlinks resolved), so neither {@code ..} nor a link pointing outside gets a process
 * out of its roots; a path containing {@code ..} is refused outright, since it can only be meant to climb.
 */
final class Workdirs {
    private Workdirs() {}

    /** An existing directory, as its real path; 422 on {@code field} otherwise. */
    static Path directory(String field, String path) {
        Path p = parse(field, path);
        if (!p.isAbsolute()) throw ProblemException.validation(field, "must be an absolute path");
        if (!Files.isDirectory(p)) {
            throw ProblemException.validation(field, (Files.exists(p) ? "is not a directory: " : "does not exist: ") + path);
        }
        return real(field, p);
    }

    /**
     * {@code requested} (absolute, or relative to the first root) as a real path inside one of {@code roots}; 422 on
     * {@code field} when it climbs with {@code ..}, does not exist, is no directory or resolves outside every root.
     */
    static Path inside(String field, String requested, List<String> roots) {
        if (roots.isEmpty()) {
            throw ProblemException.validation(field, "this agent has no workdir_root: runs can't choose a workdir");
        }
        Path p = parse(field, requested);
        for (Path part : p) {
            if (part.toString().equals("..")) throw ProblemException.validation(field, "must not contain '..'");
        }
        Path candidate = p.isAbsolute() ? p : Path.of(roots.getFirst()).resolve(p);
        Path real = directory(field, candidate.toString());
        for (String root : roots) {
            if (real.startsWith(real(field, Path.of(root)))) return real;
        }
        throw ProblemException.validation(field, "resolves to " + real + ", outside the agent's workdir_root " + roots);
    }

    /** A relative path without {@code ..}, for a file the run writes inside its workdir. */
    static String relativeFile(String field, String path) {
        Path p = parse(field, path);
        if (p.isAbsolute()) throw ProblemException.validation(field, "must be a path relative to the workdir");
        for (Path part : p) {
            if (part.toString().equals("..")) throw ProblemException.validation(field, "must not contain '..'");
        }
        return path;
    }

    private static Path parse(String field, String path) {
        try {
            if (path.isEmpty()) throw ProblemException.validation(field, "must not be empty");
            return Path.of(path);
        } catch (InvalidPathException e) {
            throw ProblemException.validation(field, "is not a valid path");
        }
    }

    private static Path real(String field, Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            throw ProblemException.validation(field, "can't be resolved: " + p);
        }
    }
}
