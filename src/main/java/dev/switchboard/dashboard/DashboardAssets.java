package dev.switchboard.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The dashboard's files, read from the classpath once at start-up ({@code dashboard/} of the repository, packaged
 * by Maven as is: plain ES modules, no build step). All assets share one directory whose name is a hash of their
 * names and bytes, so relative module imports work inside it, every change gets new URLs (the old ones can be
 * cached forever), and {@code index.html}, which is never cached, is rewritten to point at it.
 */
final class DashboardAssets {
    /** One served file. */
    record Asset(byte[] bytes, String contentType) {}

    private static final String ROOT = "/dashboard/";
    private static final Map<String, String> TYPES = Map.of(
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "json", "application/json");

    private final String hash;
    private final Map<String, Asset> assets;
    private final byte[] index;

    private DashboardAssets(String hash, Map<String, Asset> assets, byte[] index) {
        this.hash = hash;
        this.assets = assets;
        this.index = index;
    }

    static DashboardAssets load() {
        var files = new TreeMap<String, byte[]>(); // sorted: the hash doesn't depend on listing order
        URL dir = DashboardAssets.class.getResource(ROOT + "assets");
        if (dir == null) throw new IllegalStateException("the dashboard's assets are missing from the classpath (" + ROOT + "assets)");
        readFlatDirectory(dir, files);
        String hash = hash(files);
        var assets = new TreeMap<String, Asset>();
        files.forEach((name, bytes) -> assets.put(name, new Asset(bytes, contentType(name))));
        String html = new String(resource(ROOT + "index.html"), StandardCharsets.UTF_8);
        byte[] index = html.replace("\"/assets/", "\"/assets/" + hash + "/").getBytes(StandardCharsets.UTF_8);
        return new DashboardAssets(hash, Map.copyOf(assets), index);
    }

    String hash() {
        return hash;
    }

    byte[] index() {
        return index;
    }

    /** The asset {@code name} of the build whose hash is {@code hash}; null for anything else. */
    Asset get(String hash, String name) {
        return this.hash.equals(hash) ? assets.get(name) : null;
    }

    private static void readFlatDirectory(URL dir, Map<String, byte[]> into) {
        try {
            URI uri = dir.toURI();
            if (uri.getScheme().equals("jar")) {
                // Inside the jar: a zip file system, closed again when it was this call that opened it.
                FileSystem opened = null;
                try {
                    opened = FileSystems.newFileSystem(uri, Map.of());
                } catch (FileSystemAlreadyExistsException alreadyOpen) {
                    // someone else's; read through it and leave it open
                }
                try {
                    readFiles(Path.of(uri), into);
                } finally {
                    if (opened != null) opened.close();
                }
            } else {
                readFiles(Path.of(uri), into);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the dashboard's assets", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void readFiles(Path dir, Map<String, byte[]> into) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                into.put(p.getFileName().toString(), Files.readAllBytes(p));
            }
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = DashboardAssets.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException(name + " is missing from the classpath");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** 16 hex digits (64 bits) of SHA-256 over every name and content: a collision between two builds is not a concern. */
    private static String hash(Map<String, byte[]> files) {
        try {
            var sha = MessageDigest.getInstance("SHA-256");
            files.forEach((name, bytes) -> {
                sha.update(name.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(Long.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
                sha.update((byte) 0);
                sha.update(bytes);
            });
            return HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String contentType(String name) {
        int dot = name.lastIndexOf('.');
        return TYPES.getOrDefault(dot < 0 ? "" : name.substring(dot + 1), "application/octet-stream");
    }
}
