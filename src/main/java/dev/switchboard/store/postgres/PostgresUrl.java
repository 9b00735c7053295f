package dev.switchboard.store.postgres;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the PostgreSQL store is: {@code postgresql://user:password@host:5432/db?option=value} (also {@code postgres://},
 * as libpq writes it). The password comes from the URL, else {@code PGPASSWORD}, else the password file; it is kept
 * apart from the JDBC URL and {@link #toString} leaves it out, so nothing that logs the store can print it.
 */
public record PostgresUrl(String jdbcUrl, String user, String password, String display) {
    public static boolean matches(String url) {
        return url != null && (url.startsWith("postgresql://") || url.startsWith("postgres://"));
    }

    /**
     * @param pgPassword   the {@code PGPASSWORD} environment variable, or null
     * @param passwordFile a file whose first line is the password, or null
     */
    public static PostgresUrl parse(String url, String pgPassword, Path passwordFile) {
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("store.url is not a valid postgresql:// URL: " + e.getReason());
        }
        if (u.getHost() == null) throw new IllegalArgumentException("store.url names no host");
        String db = u.getRawPath() == null || u.getRawPath().length() <= 1 ? null : u.getRawPath().substring(1);
        if (db == null) throw new IllegalArgumentException("store.url names no database (postgresql://user@host:5432/db)");
        String user = null;
        String password = null;
        String info = u.getRawUserInfo();
        if (info != null) {
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            if (colon >= 0) password = decode(info.substring(colon + 1));
        }
        if (password == null || password.isEmpty()) password = pgPassword;
        if ((password == null || password.isEmpty()) && passwordFile != null) password = readPasswordFile(passwordFile);
        int port = u.getPort() < 0 ? 5432 : u.getPort();
        String query = u.getRawQuery() == null ? "" : "?" + u.getRawQuery();
        String jdbc = "jdbc:postgresql://" + u.getHost() + ":" + port + "/" + db + query;
        String display = "postgresql://" + (user == null ? "" : user + "@") + u.getHost() + ":" + port + "/" + db;
        return new PostgresUrl(jdbc, user, password, display);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String readPasswordFile(Path file) {
        try {
            return Files.readAllLines(file).stream().findFirst().orElse("").strip();
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("store.password_file " + file + " is not readable: " + e.getMessage());
        }
    }

    /** The URL without the password: safe for logs and {@code /readyz}. */
    @Override
    public String toString() {
        return display;
    }
}
