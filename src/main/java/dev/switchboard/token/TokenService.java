package dev.switchboard.token;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.auth.Caller;
import dev.switchboard.auth.Scope;
import dev.switchboard.input.Fields;
import dev.switchboard.paging.Page;
import dev.switchboard.problem.ProblemException;
import dev.switchboard.store.ClusterBus;
import dev.switchboard.store.Database;
import dev.switchboard.store.Ulid;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issues, lists, revokes and checks bearer tokens.
 *
 * <p>Authentication is on every request, so verified tokens are cached for {@link #CACHE_TTL} keyed by
 * the secret's hash. Revocation evicts at once on this node (and tells stream holders through {@link #onRevoke}),
 * and on every other node sharing the store through the cluster bus, which delivers right after the commit; a node
 * that was cut off from the bus drops its whole cache when it reconnects, so no node keeps a revoked token usable.
 *
 * <p><b>Why a revoked token is never re-cached.</b> An authentication that missed the cache reads the token, then
 * caches it; a revocation committing between the two would leave the pre-revocation copy cached for the TTL. So
 * revocations count an epoch: {@link #revoke} commits, then increments {@link #revocations}, then evicts. An
 * authentication reads the epoch <em>before</em> its read of the token, caches, then reads the epoch again and
 * withdraws its entry if it moved. If its read predates the commit, the increment follows that read: either the second
 * check sees it (and withdraws), or the increment — and so the eviction after it — comes after the entry was put
 * (and evicts it). Either way, once {@code revoke} returns no cache entry of the token survives, and every later
 * request reads the revoked row. This needs entries that are only ever put and removed, never replaced in place: the
 * eviction removes the value it saw, so a value swapped in meanwhile would survive it (which is why the last-use
 * bookkeeping lives in a map of its own).
 */
public final class TokenService {
    private static final Logger log = LoggerFactory.getLogger(TokenService.class);
    private static final Duration CACHE_TTL = Duration.ofSeconds(10);
    /** last_used_at is advisory; writing it on every request would double the write load. */
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);
    private static final Set<String> CREATE_FIELDS = Set.of("name", "scopes", "channels", "agents", "plugins", "expires_at");

    private record Cached(Token token, Caller caller, Instant cachedAt) {}

    private final Database db;
    private final TokenStore store;
    private final Clock clock;
    private final ClusterBus bus;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();
    /** When each token's last use was recorded (or claimed for recording) by this node. */
    private final ConcurrentHashMap<String, Instant> touched = new ConcurrentHashMap<>();
    /** Revocations so far; see the class comment for the order it is read and written in. */
    private final AtomicLong revocations = new AtomicLong();
    /**
     * Ids this node learnt were revoked, kept for two cache lifetimes: a cache entry of one is refused on sight. The
     * epoch above already keeps such entries out; this is the second lock on the same door, because a stress run on
     * PostgreSQL once saw a revoked token authenticate right after {@code revoke} returned (RevocationRaceTest, 1 in
     * ~4 runs under heavy load) and the path that let it in was not found.
     */
    private final ConcurrentHashMap<String, Instant> revokedHere = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<Consumer<Set<String>>> revokeListeners = new CopyOnWriteArrayList<>();

    /** The bus topic of revocations; the payload is the revoked ids, comma-separated. */
    static final String REVOKED_TOPIC = "tokens_revoked";

    public TokenService(Database db, TokenStore store, ClusterBus bus, Clock clock) {
        this.db = db;
        this.store = store;
        this.bus = bus;
        this.clock = clock;
        bus.subscribe(REVOKED_TOPIC, ids -> forget(Set.of(ids.split(","))));
        bus.onResync(() -> {
            revocations.incrementAndGet(); // as for a revocation: an authentication racing the clear withdraws its entry
            cache.clear();
        });
    }

    public CreatedToken create(Caller caller, JsonNode body) {
        caller.require(Scope.ADMIN);
        Fields f = Fields.of(body);
        f.onlyAllow(CREATE_FIELDS);
        String name = f.requiredString("name", 128);
        List<String> scopes = f.requiredStrings("scopes", 64, "(a list such as [\"sessions:read\"])").orElse(null);
        if (scopes != null) {
            if (scopes.isEmpty()) f.error("scopes", "must name at least one scope");
            for (String s : scopes) {
                if (Scope.fromWire(s).isEmpty()) f.error("scopes", "unknown scope '" + s + "'");
            }
        }
        List<String> channels = f.strings("channels", 128).orElse(null);
        List<String> agents = f.strings("agents", 128).orElse(null);
        List<String> plugins = f.strings("plugins", 128).orElse(null);
        Instant expiresAt = f.time("expires_at").orElse(null);
        Instant now = clock.instant();
        if (expiresAt != null && !expiresAt.isAfter(now)) f.error("expires_at", "must be in the future");
        f.check();
        return issue("api", name, List.copyOf(new java.util.LinkedHashSet<>(scopes)), channels, agents, plugins, null, null, expiresAt);
    }

    /**
     * Mints a token; {@code parentId} links stream tokens to the token that created them so revoking
     * the parent revokes them too.
     */
    public CreatedToken issue(String kind, String name, List<String> scopes, List<String> channels, List<String> agents,
                              List<String> plugins, String sessionKey, String parentId, Instant expiresAt) {
        String secret = TokenSecrets.generate(kind.equals("stream") ? "sbs_" : "sb_");
        Instant now = clock.instant();
        var token = new Token(Ulid.next(now.toEpochMilli()), name, kind, scopes, channels, agents, plugins, sessionKey,
                parentId, now, expiresAt, null, null);
        db.write(tx -> {
            store.insert(tx, token, TokenSecrets.hash(secret));
            return null;
        });
        return new CreatedToken(token, secret);
    }

    public Page<Token> list(Caller caller, int limit, String cursor, boolean includeRevoked) {
        caller.require(Scope.ADMIN);
        return db.read(tx -> store.list(tx, includeRevoked, limit, cursor));
    }

    public Token get(Caller caller, String id) {
        caller.require(Scope.ADMIN);
        return db.read(tx -> store.find(tx, id)).orElseThrow(() -> ProblemException.notFound("token " + id));
    }

    /** Revokes a token (idempotent) and every stream token minted from it; their open streams are closed. */
    public void revoke(Caller caller, String id) {
        caller.require(Scope.ADMIN);
        Instant now = clock.instant();
        List<String> revoked = db.write(tx -> {
            if (store.find(tx, id).isEmpty()) throw ProblemException.notFound("token " + id);
            List<String> ids = store.revoke(tx, id, now);
            if (!ids.isEmpty()) bus.publish(tx, REVOKED_TOPIC, String.join(",", ids)); // the other nodes
            return ids;
        });
        var ids = Set.copyOf(revoked);
        if (!ids.isEmpty()) log.info("revoked token(s) {}", ids);
        forget(ids);
    }

    /** Drops revoked tokens from the cache and closes their streams (here at once; from the bus on other nodes). */
    private void forget(Set<String> ids) {
        if (ids.isEmpty()) return;
        Instant now = clock.instant();
        for (String id : ids) revokedHere.put(id, now);
        revocations.incrementAndGet(); // after the commit, before the eviction: see the class comment
        cache.values().removeIf(c -> ids.contains(c.token().id()));
        for (var l : revokeListeners) l.accept(ids);
    }

    /**
     * Housekeeping: deletes expired stream tokens (they can never be used again, and a busy dashboard mints one per
     * page load) and drops cache entries that are stale or whose token has expired, so neither grows without bound.
     */
    public void pruneExpired() {
        Instant now = clock.instant();
        int deleted = db.write(tx -> store.deleteExpiredStreamTokens(tx, now));
        cache.values().removeIf(c -> c.cachedAt().plus(CACHE_TTL).isBefore(now) || !c.token().usableAt(now));
        touched.values().removeIf(at -> !at.plus(TOUCH_EVERY).isAfter(now));
        revokedHere.values().removeIf(at -> at.plus(CACHE_TTL.multipliedBy(2)).isBefore(now));
        if (deleted > 0) log.debug("pruned {} expired stream token(s)", deleted);
    }

    /** Entries in the authentication cache (tests and diagnostics). */
    int cachedTokens() {
        return cache.size();
    }

    /** Called with the ids of revoked tokens, so holders of open streams can close them. */
    public void onRevoke(Consumer<Set<String>> listener) {
        revokeListeners.add(listener);
    }

    /** The caller a secret authenticates as, or empty when it is unknown, revoked or expired. */
    public Optional<Caller> authenticate(String secret) {
        if (secret == null || secret.isBlank() || secret.length() > 256) return Optional.empty();
        String hash = TokenSecrets.hash(secret);
        Instant now = clock.instant();
        Cached cached = cache.get(hash);
        if (cached == null || cached.cachedAt().plus(CACHE_TTL).isBefore(now)) {
            long epoch = revocations.get();
            Optional<Token> found = db.read(tx -> store.findByHash(tx, hash));
            if (found.isEmpty()) {
                cache.remove(hash);
                return Optional.empty();
            }
            cached = new Cached(found.get(), toCaller(found.get()), now);
            cache.put(hash, cached);
            // A revocation since the read may have missed this entry: withdraw it (this request still completes, as
            // any request that began before the revocation did).
            if (revocations.get() != epoch) cache.remove(hash, cached);
        }
        Token token = cached.token();
        if (revokedHere.containsKey(token.id())) {
            cache.remove(hash, cached);
            return Optional.empty();
        }
        if (!token.usableAt(now)) return Optional.empty();
        maybeTouch(token, now);
        return Optional.of(cached.caller());
    }

    /**
     * The caller's token as stored now (revocation and expiry included), or empty when it is gone. Long-lived
     * streams read it once when they open, to learn when they must close.
     */
    public Optional<Token> current(Caller caller) {
        return db.read(tx -> store.find(tx, caller.tokenId()));
    }

    private void maybeTouch(Token token, Instant now) {
        boolean[] due = {false};
        // Claim the write in a map of its own, so concurrent requests don't all schedule one. Cache entries are never
        // replaced in place: a replacement racing a revocation's eviction could keep a revoked token cached.
        touched.compute(token.id(), (id, recorded) -> {
            Instant last = recorded != null ? recorded : token.lastUsedAt();
            if (last != null && last.plus(TOUCH_EVERY).isAfter(now)) return recorded;
            due[0] = true;
            return now;
        });
        if (!due[0]) return;
        Thread.ofVirtual().name("token-touch").start(() -> {
            try {
                db.write(tx -> {
                    store.touch(tx, token.id(), now);
                    return null;
                });
            } catch (RuntimeException e) {
                log.debug("could not record last use of token {}: {}", token.id(), e.getMessage());
            }
        });
    }

    static Caller toCaller(Token t) {
        var scopes = EnumSet.noneOf(Scope.class);
        for (String s : t.scopes()) Scope.fromWire(s).ifPresent(scopes::add);
        return new Caller(t.id(), t.name(), Set.copyOf(scopes), asSet(t.channels()), asSet(t.agents()),
                asSet(t.plugins()), t.sessionKey(), t.kind().equals("stream"), t.parentId());
    }

    private static Set<String> asSet(List<String> list) {
        return list == null ? null : Set.copyOf(new HashSet<>(list));
    }

    /**
     * First start: when no usable admin token exists, creates one and writes its secret to
     * {@code file} with mode 0600. Returns the secret when one was created.
     */
    public Optional<String> bootstrapAdmin(Path file) {
        Instant now = clock.instant();
        if (db.read(tx -> store.anyUsableAdmin(tx, now))) return Optional.empty();
        CreatedToken created = issue("api", "admin", List.of(Scope.ADMIN.wire()), null, null, null, null, null, null);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.deleteIfExists(file);
            var perms = PosixFilePermissions.fromString("rw-------");
            Files.createFile(file, PosixFilePermissions.asFileAttribute(perms));
            Files.writeString(file, created.token() + "\n", StandardOpenOption.TRUNCATE_EXISTING);
        } catch (UnsupportedOperationException e) {
            throw new IllegalStateException("cannot restrict permissions of " + file + " on this file system", e);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write admin token to " + file + ": " + e.getMessage(), e);
        }
        return Optional.of(created.token());
    }
}
