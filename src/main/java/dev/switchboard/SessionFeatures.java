package dev.switchboard;

import dev.switchboard.archive.ArchiveService;
import dev.switchboard.archive.TailArchive;
import dev.switchboard.archive.TranscriptRewrite;
import dev.switchboard.compaction.StaleCheckpoints;
import dev.switchboard.export.ExportService;
import dev.switchboard.idempotency.Idempotency;
import dev.switchboard.preview.PreviewService;
import dev.switchboard.run.RunFiles;
import dev.switchboard.search.SearchIndexer;
import dev.switchboard.search.SearchService;
import dev.switchboard.session.PolicyDocument;
import dev.switchboard.session.ResetPolicies;
import dev.switchboard.session.SessionKeys;
import dev.switchboard.session.SessionLifecycle;
import dev.switchboard.session.SessionPlugins;
import dev.switchboard.session.SessionService;
import dev.switchboard.session.Sweeper;
import dev.switchboard.token.TokenService;
import dev.switchboard.transcript.MessageInput;
import dev.switchboard.transcript.TranscriptService;
import dev.switchboard.usage.UsageService;

/** The services of sessions, transcripts and what reads or removes them, wired over one {@link Core}. */
record SessionFeatures(TokenService tokens, Idempotency idempotency, SessionService sessions, MessageInput messageInput,
                       TranscriptService transcripts, ResetPolicies policies, SessionLifecycle lifecycle, Sweeper sweeper,
                       SessionPlugins plugins, TailArchive tails, ArchiveService archive, PreviewService previews,
                       SearchIndexer searchIndexer, SearchService search, UsageService usage, ExportService exports,
                       TranscriptRewrite rewrite) {

    /** @param policyConfig the parsed {@code [policies]} table, read before anything was opened */
    static SessionFeatures wire(Core c, PolicyDocument policyConfig) {
        var db = c.db();
        var clock = c.clock();
        var stores = c.stores();
        var more = c.more();
        var tokens = new TokenService(db, stores.tokens(), c.bus(), clock);
        var keys = new SessionKeys(c.config().routing());
        var sessions = new SessionService(db, stores.sessions(), c.events(), keys, c.config().limits(),
                c.config().sessions().protectedKeys(), clock);
        var messageInput = new MessageInput(c.config().limits());
        var transcripts = new TranscriptService(db, stores.transcripts(), sessions, c.events(), messageInput, clock);
        var policies = new ResetPolicies(db, more.policies(), policyConfig, c.bus(), clock);
        var lifecycle = new SessionLifecycle(db, stores.sessions(), more.lifecycle(), sessions, keys, policies, c.events(), clock);
        // Undo, run rollbacks and rewrites move removed messages to the archive through this one piece; checkpoints
        // covering removed messages become stale in the same transaction.
        var tails = new TailArchive(more.archive(), sessions, c.events(), new StaleCheckpoints(stores.checkpoints()), clock);
        var archive = new ArchiveService(db, more.archive(), stores.sessions(), sessions, lifecycle, c.events(), tails,
                runIds -> RunFiles.eraseRunDirs(c.config().dataDir(), runIds), clock);
        var searchIndexer = new SearchIndexer(db, more.search());
        return new SessionFeatures(tokens, new Idempotency(db, stores.idempotency(), clock), sessions, messageInput,
                transcripts, policies, lifecycle, new Sweeper(db, more.lifecycle(), sessions, c.config().sessions(), clock),
                new SessionPlugins(db, sessions, c.config().limits(), clock), tails, archive,
                new PreviewService(db, stores.sessions(), stores.transcripts()), searchIndexer,
                new SearchService(db, more.search(), searchIndexer), new UsageService(db, more.usage(), clock),
                new ExportService(db, sessions, lifecycle, stores.transcripts(), clock),
                new TranscriptRewrite(db, sessions, lifecycle, tails, transcripts, messageInput));
    }
}
