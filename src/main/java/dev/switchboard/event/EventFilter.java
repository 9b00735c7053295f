package dev.switchboard.event;

import dev.switchboard.input.Fields;
import java.util.ArrayList;
import java.util.List;

/**
 * What a subscriber asked to see (API.md "Events"): type prefixes ({@code session.} matches every
 * session event), one session, one channel, one channel to leave out. Empty/null means "no filter".
 * The same predicate runs on replayed and on live events, so a filter can't behave differently after
 * a reconnect. What the subscriber's token may see is decided separately ({@link EventAccess}).
 */
public record EventFilter(List<String> types, String session, String channel, String excludeChannel) {
    private static final int MAX_TYPES = 32;

    private static final List<String> PARAMETERS = List.of("types", "session", "channel", "exclude_channel");

    /** The filter's parameters plus an operation's own ({@code after}, …): what a subscribe takes. */
    public static java.util.Set<String> withFilter(String... others) {
        var all = new java.util.HashSet<>(PARAMETERS);
        all.addAll(List.of(others));
        return java.util.Set.copyOf(all);
    }

    public static final EventFilter ALL = new EventFilter(List.of(), null, null, null);

    public EventFilter {
        types = types == null ? List.of() : List.copyOf(types);
    }

    public boolean matches(Event e) {
        if (session != null && !session.equals(e.key())) return false;
        if (channel != null && !channel.equals(e.channel())) return false;
        if (excludeChannel != null && excludeChannel.equals(e.channel())) return false;
        if (types.isEmpty()) return true;
        String type = e.type();
        for (String prefix : types) {
            if (type.startsWith(prefix)) return true;
        }
        return false;
    }

    /**
     * Reads {@code types} (comma list), {@code session}, {@code channel} and {@code exclude_channel}; errors
     * are collected in {@code q} for the caller's {@code check()}. A type prefix that matches no event type is
     * an error: a typo would otherwise be a stream that stays silent forever.
     */
    public static EventFilter read(Fields q) {
        var types = new ArrayList<String>();
        String typesParam = q.string("types", 1024).orElse(null);
        if (typesParam != null) {
            for (String t : typesParam.split(",")) {
                String prefix = t.trim();
                if (prefix.isEmpty()) continue;
                if (!EventType.anyStartsWith(prefix)) q.error("types", "'" + prefix + "' is not an event type or a prefix of one");
                types.add(prefix);
            }
            if (types.size() > MAX_TYPES) q.error("types", "at most " + MAX_TYPES + " prefixes");
        }
        return new EventFilter(types, q.string("session", 512).orElse(null), q.string("channel", 128).orElse(null), q.string("exclude_channel", 128).orElse(null));
    }
}
