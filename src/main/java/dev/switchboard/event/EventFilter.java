package dev.switchboard.event;

import dev.switchboard.input.Fields;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a subscriber asked to see (API.md "Events"): type prefixes ({@code session.} matches every
 * session event), sessions, channels, channels to leave out — each a list, any entry of which matches.
 * Empty means "no filter". The same predicate runs on replayed and on live events, so a filter can't behave
 * differently after a reconnect. What the subscriber's token may see is decided separately ({@link EventAccess}).
 */
public record EventFilter(List<String> types, List<String> sessions, List<String> channels, List<String> excludeChannels) {
    private static final int MAX_TYPES = 32;
    /** Bounds the per-event cost of a filter: each entry is compared with every event. */
    private static final int MAX_ENTRIES = 256;
    private static final List<String> PARAMETERS = List.of("types", "session", "channel", "exclude_channel");

    public static final EventFilter ALL = new EventFilter(List.of(), List.of(), List.of(), List.of());

    public EventFilter {
        types = copy(types);
        sessions = copy(sessions);
        channels = copy(channels);
        excludeChannels = copy(excludeChannels);
    }

    /** A filter on at most one session, one channel and one channel left out (null: none). */
    public EventFilter(List<String> types, String session, String channel, String excludeChannel) {
        this(types, one(session), one(channel), one(excludeChannel));
    }

    private static List<String> copy(List<String> l) {
        return l == null ? List.of() : List.copyOf(l);
    }

    private static List<String> one(String s) {
        return s == null ? List.of() : List.of(s);
    }

    /** The filter's parameters plus an operation's own ({@code after}, …): what a subscribe takes. */
    public static Set<String> withFilter(String... others) {
        var all = new HashSet<>(PARAMETERS);
        all.addAll(List.of(others));
        return Set.copyOf(all);
    }

    /** The one session this filter is limited to, or null (the replay then reads that session's events only). */
    public String onlySession() {
        return sessions.size() == 1 ? sessions.getFirst() : null;
    }

    public boolean matches(Event e) {
        if (!sessions.isEmpty() && !in(sessions, e.key())) return false;
        if (!channels.isEmpty() && !in(channels, e.channel())) return false;
        if (in(excludeChannels, e.channel())) return false;
        if (types.isEmpty()) return true;
        String type = e.type();
        for (String prefix : types) {
            if (type.startsWith(prefix)) return true;
        }
        return false;
    }

    /** Null-safe membership: immutable lists throw on {@code contains(null)}, and events without a channel exist. */
    private static boolean in(List<String> values, String value) {
        return value != null && values.contains(value);
    }

    /**
     * Reads {@code types}, {@code session}, {@code channel} and {@code exclude_channel}, each a comma list (a JSON
     * array over WebSocket); errors are collected in {@code q} for the caller's {@code check()}. A type prefix that
     * matches no event type is an error: a typo would otherwise be a stream that stays silent forever.
     */
    public static EventFilter read(Fields q) {
        var types = new ArrayList<String>();
        for (String t : list(q, "types", 128)) {
            if (!EventType.anyStartsWith(t)) q.error("types", "'" + t + "' is not an event type or a prefix of one");
            types.add(t);
        }
        if (types.size() > MAX_TYPES) q.error("types", "at most " + MAX_TYPES + " prefixes");
        return new EventFilter(types, list(q, "session", 512), list(q, "channel", 128), list(q, "exclude_channel", 128));
    }

    private static List<String> list(Fields q, String name, int maxLength) {
        List<String> values = q.strings(name, maxLength).orElse(List.of());
        if (values.size() > MAX_ENTRIES) q.error(name, "at most " + MAX_ENTRIES + " entries");
        return values;
    }
}
