package dev.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.Response;
import dev.switchboard.testing.ServerExtension;
import java.util.ArrayList;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@EachStore
class OpenApiCoverageTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.create();



    @Test
    void every_registered_endpoint_is_in_openapi_json() {
        Response r = server.anonymous().get("/openapi.json");
        assertThat(r.status()).isEqualTo(200);
        JsonNode paths = r.json().path("paths");
        var missing = new ArrayList<String>();
        var javalin = server.server().http().javalin();
        for (var parsed : javalin.unsafe.internalRouter.allHttpHandlers()) {
            var endpoint = parsed.endpoint;
            String method = endpoint.method.name().toLowerCase(Locale.ROOT);
            if (!endpoint.method.isHttpMethod() || method.equals("head") || method.equals("options")) continue;
            if (!paths.path(endpoint.path).has(method)) missing.add(method.toUpperCase(Locale.ROOT) + " " + endpoint.path);
        }
        assertThat(missing).as("endpoints registered but not documented").isEmpty();
    }

    @Test
    void openapi_documents_only_endpoints_that_exist() {
        JsonNode paths = server.anonymous().get("/openapi.json").json().path("paths");
        var registered = new java.util.HashSet<String>();
        for (var parsed : server.server().http().javalin().unsafe.internalRouter.allHttpHandlers()) {
            registered.add(parsed.endpoint.method.name().toLowerCase(Locale.ROOT) + " " + parsed.endpoint.path);
        }
        var phantom = new ArrayList<String>();
        paths.properties().forEach(p -> p.getValue().fieldNames().forEachRemaining(m -> {
            if (!m.equals("parameters") && !registered.contains(m + " " + p.getKey())) phantom.add(m + " " + p.getKey());
        }));
        assertThat(phantom).as("documented but not served").isEmpty();
    }

    @Test
    void docs_page_is_served_without_auth() {
        Response r = server.anonymous().get("/docs");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("text/html");
        assertThat(r.body()).contains("/openapi.json");
    }
}
