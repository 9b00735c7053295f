package dev.switchboard.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SessionUrisTest {
    @Test
    void keys_round_trip_through_both_uris_and_read_as_written_where_they_can() {
        for (String key : List.of("agent:main:telegram:dm:12345", "a/b/c", "user@host:x", "agent:main:x:group:a%3Ab", "k 1")) {
            assertThat(SessionUris.parse(SessionUris.session(key))).hasValue(new SessionUris.Target(key, false));
            assertThat(SessionUris.parse(SessionUris.transcript(key))).hasValue(new SessionUris.Target(key, true));
        }
        assertThat(SessionUris.session("agent:main:telegram:dm:12345")).isEqualTo("switchboard://sessions/agent:main:telegram:dm:12345");
        assertThat(SessionUris.transcript("a/b")).isEqualTo("switchboard://sessions/a%2Fb/transcript");
    }

    @Test
    void other_uris_name_no_session() {
        assertThat(SessionUris.parse("switchboard://sessions/")).isEmpty();
        assertThat(SessionUris.parse("switchboard://sessions/a/b")).isEmpty();
        assertThat(SessionUris.parse("switchboard://sessions/%zz")).isEmpty();
        assertThat(SessionUris.parse("file:///etc/passwd")).isEmpty();
        assertThat(SessionUris.parse(null)).isEmpty();
    }
}
