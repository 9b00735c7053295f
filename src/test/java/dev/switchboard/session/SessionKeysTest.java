package dev.switchboard.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.config.SwitchboardConfig.Isolation;
import dev.switchboard.config.SwitchboardConfig.Routing;
import dev.switchboard.problem.ProblemException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** DESIGN.md "Session keys", rule by rule, with the default isolation (groups per user) and overrides. */
class SessionKeysTest {
    static final Isolation DEFAULTS = new Isolation(true, false, false);
    final SessionKeys keys = new SessionKeys(new Routing(DEFAULTS, Map.of(
            "discord", new Isolation(false, false, false),
            "slack", new Isolation(true, true, true))));

    static SessionSource source(String platform, String chatType, String chatId, String threadId, String userId) {
        return new SessionSource(platform, chatType, chatId, threadId, userId, null, null);
    }

    @Test
    void dm_key_is_agent_platform_dm_chat() {
        assertThat(keys.derive("main", source("telegram", "dm", "12345", null, "12345")))
                .isEqualTo("agent:main:telegram:dm:12345");
    }

    @Test
    void dm_with_thread_appends_the_thread() {
        assertThat(keys.derive("main", source("telegram", "dm", "12345", "77", "12345")))
                .isEqualTo("agent:main:telegram:dm:12345:77");
    }

    @Test
    void dm_never_gets_a_user_part() {
        assertThat(keys.derive("main", source("slack", "dm", "D1", null, "U1"))).isEqualTo("agent:main:slack:dm:D1");
    }

    @Test
    void group_is_isolated_per_user_by_default() {
        assertThat(keys.derive("main", source("telegram", "group", "-100200", null, "42")))
                .isEqualTo("agent:main:telegram:group:-100200:42");
    }

    @Test
    void group_without_user_id_is_a_422_when_isolated_per_user() {
        assertThatThrownBy(() -> keys.derive("main", source("telegram", "group", "-100200", null, null)))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.type().status()).isEqualTo(422);
                    assertThat(e.errors().getFirst().field()).isEqualTo("source.user_id");
                    assertThat(e.errors().getFirst().message()).contains("routing.group_per_user");
                });
    }

    @Test
    void group_is_shared_where_the_platform_turns_isolation_off() {
        assertThat(keys.derive("main", source("discord", "group", "G1", null, "U1")))
                .isEqualTo("agent:main:discord:group:G1");
    }

    @Test
    void channel_is_shared_by_default() {
        assertThat(keys.derive("main", source("telegram", "channel", "C9", null, "U1")))
                .isEqualTo("agent:main:telegram:channel:C9");
    }

    @Test
    void channel_is_per_user_where_configured() {
        assertThat(keys.derive("main", source("slack", "channel", "C9", null, "U1")))
                .isEqualTo("agent:main:slack:channel:C9:U1");
    }

    @Test
    void thread_in_a_group_is_shared_by_default_even_though_groups_are_per_user() {
        assertThat(keys.derive("main", source("telegram", "group", "-100200", "5", "42")))
                .isEqualTo("agent:main:telegram:group:-100200:5");
    }

    @Test
    void thread_chat_type_is_shared_by_default() {
        assertThat(keys.derive("main", source("discord", "thread", "T1", null, "U1")))
                .isEqualTo("agent:main:discord:thread:T1");
    }

    @Test
    void thread_is_per_user_where_configured() {
        assertThat(keys.derive("main", source("slack", "group", "G1", "ts1", "U1")))
                .isEqualTo("agent:main:slack:group:G1:ts1:U1");
    }

    @Test
    void agent_is_part_of_the_key() {
        assertThat(keys.derive("coder", source("telegram", "dm", "1", null, null))).isEqualTo("agent:coder:telegram:dm:1");
    }

    @Test
    void colon_in_a_part_is_percent_encoded_so_parts_cannot_shift() {
        String a = keys.derive("main", source("matrix", "group", "!room:example.org", null, "@ada:example.org"));
        assertThat(a).isEqualTo("agent:main:matrix:group:%21room%3Aexample.org:@ada%3Aexample.org");
        String b = keys.derive("main", source("matrix", "group", "!room", null, "example.org:@ada:example.org"));
        assertThat(a).isNotEqualTo(b);
        assertThat(a.split(":")).hasSize(6);
    }

    @Test
    void percent_slash_space_and_non_ascii_are_encoded_and_decodable() {
        String key = keys.derive("main", source("web", "dm", "a%b/c d é", null, null));
        assertThat(key).isEqualTo("agent:main:web:dm:a%25b%2Fc%20d%20%C3%A9");
        assertThat(SessionKeys.decode("a%25b%2Fc%20d%20%C3%A9")).isEqualTo("a%b/c d é");
    }

    @Test
    void key_over_512_characters_is_a_422() {
        assertThatThrownBy(() -> keys.derive("main", source("telegram", "dm", "x".repeat(480), "y".repeat(40), null)))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.type().status()).isEqualTo(422));
    }

    @Test
    void agent_and_platform_are_read_back_from_a_derived_key() {
        assertThat(SessionKeys.agentOf("agent:coder:slack:channel:C1")).isEqualTo("coder");
        assertThat(SessionKeys.platformOf("agent:coder:slack:channel:C1")).isEqualTo("slack");
        assertThat(SessionKeys.agentOf("proj/alpha")).isNull();
    }
}
