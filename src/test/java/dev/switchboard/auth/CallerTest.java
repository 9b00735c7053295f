package dev.switchboard.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class CallerTest {
    static Caller caller(Set<String> channels, Set<String> agents, String sessionKey) {
        return new Caller("t", "t", Set.of(Scope.SESSIONS_READ), channels, agents, null, sessionKey, false);
    }

    @Test
    void unrestricted_callers_see_everything() {
        assertThat(caller(null, null, null).canSee("k", null, null)).isTrue();
    }

    @Test
    void channel_and_agent_grants_hide_rows_without_a_channel_or_agent() {
        assertThat(caller(Set.of("telegram"), null, null).canSee("k", null, "main")).isFalse();
        assertThat(caller(null, Set.of("main"), null).canSee("k", "telegram", null)).isFalse();
        assertThat(caller(Set.of("telegram"), Set.of("main"), null).canSee("k", "telegram", "main")).isTrue();
    }

    @Test
    void a_session_restricted_token_sees_only_that_key() {
        assertThat(caller(null, null, "a").canSee("a", null, null)).isTrue();
        assertThat(caller(null, null, "a").canSee("b", null, null)).isFalse();
    }

    @Test
    void read_only_callers_hold_only_read_scopes() {
        var ro = new Caller("t", "t", Set.of(Scope.ADMIN), null, null, null, null, true);
        assertThat(ro.has(Scope.SESSIONS_READ)).isTrue();
        assertThat(ro.has(Scope.SESSIONS_WRITE)).isFalse();
        assertThat(ro.has(Scope.ADMIN)).isFalse();
        assertThat(ro.isAdmin()).isFalse();
        assertThat(ro.canUsePlugin("any")).isFalse();
    }
}
