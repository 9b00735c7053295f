package dev.switchboard.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.ClassTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test class once per store ({@link TestStore}: SQLite, then PostgreSQL), each run with its own
 * server from the class's {@link ServerExtension} field; the store shows in the display name ({@code [postgresql]}).
 *
 * <pre>{@code
 * @EachStore
 * class SessionApiTest {
 *     @RegisterExtension
 *     static final ServerExtension server = ServerExtension.withConfig(c -> c.set("limits.burst", 5));
 *
 *     @Test
 *     void create_returns_201() {
 *         assertThat(server.admin().post("/v1/sessions", Map.of("key", "k")).status()).isEqualTo(201);
 *     }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ClassTemplate
@ExtendWith(StoreInvocations.class)
public @interface EachStore {}
