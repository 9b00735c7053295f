package dev.switchboard.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.Response;
import dev.switchboard.testing.ServerExtension;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** How the server hands out the dashboard: caching, content types and security headers, over plain HTTP. */
@EachStore
class DashboardRoutesTest {
    private static final Pattern ASSET = Pattern.compile("\"(/assets/([0-9a-f]{16})/app\\.js)\"");

    @RegisterExtension
    static final ServerExtension server = ServerExtension.create();

    static String appJsPath() {
        var m = ASSET.matcher(server.anonymous().get("/").body());
        assertThat(m.find()).as("index.html references the hashed app.js").isTrue();
        return m.group(1);
    }

    static void assertSecurityHeaders(Response r) {
        assertThat(r.header("Content-Security-Policy")).isEqualTo(DashboardRoutes.CSP)
                .contains("default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'self'", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval");
        assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(r.header("Referrer-Policy")).isEqualTo("no-referrer");
    }

    @Test
    void the_page_is_served_without_auth_never_cached_and_points_at_hashed_assets() {
        Response r = server.anonymous().get("/");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("text/html");
        assertThat(r.header("Cache-Control")).isEqualTo("no-cache");
        assertSecurityHeaders(r);
        assertThat(r.body()).doesNotContain("\"/assets/app.js\"").doesNotContain("<script>").doesNotContain("style=");
        assertThat(r.body()).containsPattern("href=\"/assets/[0-9a-f]{16}/app\\.css\"");
    }

    @Test
    void assets_are_immutable_with_their_type_and_the_same_headers() {
        Response js = server.anonymous().get(appJsPath());
        assertThat(js.status()).isEqualTo(200);
        assertThat(js.header("Content-Type")).isEqualTo("text/javascript; charset=utf-8");
        assertThat(js.header("Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
        assertSecurityHeaders(js);
        assertThat(js.body()).contains("import ");

        // Modules import each other relatively: a sibling is in the same hashed directory.
        Response sibling = server.anonymous().get(appJsPath().replace("app.js", "markdown.js"));
        assertThat(sibling.status()).isEqualTo(200);
        String css = appJsPath().replace("app.js", "app.css");
        assertThat(server.anonymous().get(css).header("Content-Type")).isEqualTo("text/css; charset=utf-8");
    }

    @Test
    void the_hash_is_the_same_on_every_start_of_the_same_build() {
        String before = appJsPath();
        server.restart();
        assertThat(appJsPath()).isEqualTo(before);
    }

    @Test
    void unknown_assets_and_stale_hashes_are_problem_json_404s_with_the_headers() {
        String path = appJsPath();
        for (String missing : new String[] {path.replace("app.js", "nope.js"), "/assets/0000000000000000/app.js", "/assets/app.js"}) {
            Response r = server.anonymous().get(missing);
            assertThat(r.status()).as(missing).isEqualTo(404);
            assertThat(r.header("Content-Type")).startsWith("application/problem+json");
            assertThat(r.problem()).isEqualTo("not-found");
        }
        assertSecurityHeaders(server.anonymous().get("/assets/0000000000000000/app.js"));
    }

    @Test
    void tests_and_package_files_of_the_dashboard_folder_are_not_served() {
        String dir = appJsPath().replace("app.js", "");
        for (String name : new String[] {"package.json", "README.md", "markdown.test.js", "index.html"}) {
            assertThat(server.anonymous().get(dir + name).status()).as(name).isEqualTo(404);
        }
    }
}
