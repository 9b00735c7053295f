package dev.switchboard;

import dev.switchboard.maintenance.MaintenanceRoutes;
import dev.switchboard.maintenance.MaintenanceService;
import dev.switchboard.api.Authentication;
import dev.switchboard.api.Cors;
import dev.switchboard.api.OperationsRoutes;
import dev.switchboard.api.WsRoutes;
import dev.switchboard.archive.ArchiveRoutes;
import dev.switchboard.compaction.CompactionRoutes;
import dev.switchboard.context.ContextRoutes;
import dev.switchboard.dashboard.DashboardRoutes;
import dev.switchboard.directive.DirectiveRoutes;
import dev.switchboard.event.EventRoutes;
import dev.switchboard.event.EventService;
import dev.switchboard.event.StreamRegistry;
import dev.switchboard.export.ExportRoutes;
import dev.switchboard.health.HealthService;
import dev.switchboard.importer.SourceRoutes;
import dev.switchboard.limits.Limits;
import dev.switchboard.preview.PreviewRoutes;
import dev.switchboard.run.RunRoutes;
import dev.switchboard.search.SearchRoutes;
import dev.switchboard.session.LifecycleRoutes;
import dev.switchboard.session.SessionRoutes;
import dev.switchboard.streamtoken.StreamTokenRoutes;
import dev.switchboard.streamtoken.StreamTokenService;
import dev.switchboard.stats.StatsRoutes;
import dev.switchboard.stats.StatsService;
import dev.switchboard.team.Pairs;
import dev.switchboard.team.TeamRoutes;
import dev.switchboard.team.TeamService;
import dev.switchboard.token.TokenRoutes;
import dev.switchboard.transcript.TranscriptRoutes;
import dev.switchboard.usage.UsageRoutes;
import dev.switchboard.web.Routes;
import dev.switchboard.web.WsMethods;
import java.util.ArrayList;
import java.util.List;

/** Every feature's routes class, in mounting order. */
final class RouteList {
    private RouteList() {}

    static List<Routes> of(Core c, SessionFeatures s, RunFeatures r, CompactionFeatures k, ImportFeatures i,
                           EventService events, StreamRegistry streams, Authentication authentication, Limits limits,
                           MaintenanceService maintenance, HealthService health) {
        var idempotency = s.idempotency();
        var pairs = new Pairs(c.config().teams(), s.sessions());
        var teams = new TeamService(c.db(), s.sessions(), r.runs(), s.transcripts(), events, pairs,
                c.config().runs().maxExchangeTurns());
        var routes = new ArrayList<Routes>(List.of(
                new TokenRoutes(s.tokens()),
                new SessionRoutes(s.sessions(), idempotency),
                new TranscriptRoutes(s.transcripts(), idempotency),
                new LifecycleRoutes(s.lifecycle(), s.plugins(), s.policies(), idempotency),
                new ArchiveRoutes(s.archive(), s.rewrite()),
                new PreviewRoutes(s.previews()),
                new SearchRoutes(s.search()),
                new UsageRoutes(s.usage()),
                new ExportRoutes(s.exports()),
                new RunRoutes(r.runs(), r.stops(), r.agents(), idempotency),
                new DirectiveRoutes(r.directives(), idempotency),
                new TeamRoutes(teams, idempotency),
                new StatsRoutes(new StatsService(c.db(), c.stores().stats(), c.stores().events())),
                new ContextRoutes(k.contexts()),
                new CompactionRoutes(k.compactions(), k.history(), k.branches(), idempotency),
                new SourceRoutes(i.sources()),
                new MaintenanceRoutes(maintenance),
                new EventRoutes(events, streams),
                new StreamTokenRoutes(new StreamTokenService(s.tokens(), s.sessions(), c.clock()))));
        // After every feature's routes: the WebSocket methods are collected from them (Routes.rpc).
        routes.add(new WsRoutes(authentication, new Cors(c.config().http().corsOrigins()), WsMethods.of(routes), streams,
                c.config().events().keepAlive(), limits));
        routes.add(new DashboardRoutes()); // before OperationsRoutes, which merges every routes class's OpenAPI fragment
        routes.add(new OperationsRoutes(health, c.metrics(), List.copyOf(routes)));
        return List.copyOf(routes);
    }
}
