package dev.switchboard.importer;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * File-system notifications for the followed directories (inotify on Linux), with polling as the fallback: when
 * the watch service can't be had or registering would exceed {@value #MAX_DIRECTORIES} directories (the
 * kernel's watch limit is per user and shared), {@link #watching} is false and the follower rescans on a timer.
 * Events only say "something changed"; the follower then compares files with their marks, so a missed or
 * coalesced event costs at most the rescan interval.
 */
final class DirectoryWatch implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DirectoryWatch.class);
    static final int MAX_DIRECTORIES = 4096;

    private WatchService service;
    private int registered;

    DirectoryWatch(List<Path> roots) {
        try {
            service = FileSystems.getDefault().newWatchService();
            for (Path root : roots) registerTree(Files.isDirectory(root) ? root : root.toAbsolutePath().getParent());
        } catch (IOException | UnsupportedOperationException | TooMany e) {
            log.info("file-system watch unavailable ({}); polling instead", e.getMessage());
            close();
        }
    }

    boolean watching() {
        return service != null;
    }

    /** Waits up to {@code timeoutMillis} for a change; true when something changed (or may have: an overflow). */
    boolean poll(long timeoutMillis) throws InterruptedException {
        if (service == null) {
            Thread.sleep(timeoutMillis);
            return false;
        }
        try {
            WatchKey key = service.poll(timeoutMillis, TimeUnit.MILLISECONDS);
            boolean changed = false;
            while (key != null) {
                changed = true;
                Path dir = (Path) key.watchable();
                for (WatchEvent<?> e : key.pollEvents()) {
                    if (e.kind() == StandardWatchEventKinds.ENTRY_CREATE && e.context() instanceof Path p
                            && Files.isDirectory(dir.resolve(p))) {
                        registerQuietly(dir.resolve(p));
                    }
                }
                key.reset();
                key = service.poll();
            }
            return changed;
        } catch (ClosedWatchServiceException e) {
            return false;
        }
    }

    private void registerTree(Path root) throws IOException {
        if (root == null || !Files.isDirectory(root)) return;
        try (Stream<Path> dirs = Files.walk(root)) {
            for (Path d : (Iterable<Path>) dirs.filter(Files::isDirectory)::iterator) register(d);
        }
    }

    private void register(Path dir) throws IOException {
        if (++registered > MAX_DIRECTORIES) throw new TooMany();
        dir.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE);
    }

    /** A directory created after the start (a new project, a subagents folder): watched from now on. */
    private void registerQuietly(Path dir) {
        try {
            registerTree(dir);
        } catch (IOException | TooMany e) {
            log.debug("not watching {}: {}; the periodic rescan covers it", dir, e.getMessage());
        }
    }

    @Override
    public void close() {
        if (service == null) return;
        try {
            service.close();
        } catch (IOException ignored) {
            // closing frees the kernel watches either way
        }
        service = null;
    }

    private static final class TooMany extends RuntimeException {
        TooMany() {
            super("more than " + MAX_DIRECTORIES + " directories", null, false, false);
        }
    }
}
