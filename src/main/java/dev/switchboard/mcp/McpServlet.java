package dev.switchboard.mcp;

import dev.switchboard.api.Authentication;
import dev.switchboard.auth.Caller;
import dev.switchboard.json.Json;
import dev.switchboard.problem.ProblemException;
import dev.switchboard.problem.ProblemType;
import dev.switchboard.web.Lazy;
import dev.switchboard.web.Problems;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.HttpHeaders;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code /mcp}: authenticates each request with the same bearer tokens as {@code /v1} (a missing or bad token is a
 * 401 problem with {@code WWW-Authenticate: Bearer}, before the MCP transport sees the request), keeps each MCP
 * session to the token that opened it ({@link McpSessions}), and hands the request, with its {@link Caller}, to the
 * SDK's Streamable HTTP transport.
 */
final class McpServlet extends HttpServlet {
    /** The SDK's transport and the sessions opened through it. */
    record Parts(HttpServletStreamableServerTransportProvider transport, McpSessions sessions) {}

    private final transient Authentication authentication;
    /**
     * Built on the first request, not at start-up: the SDK, its Reactor and the tools' schemas are ≈ 35 ms of a start
     * that no REST client should wait for.
     */
    private final transient Lazy<Parts> parts;
    private transient volatile ServletConfig servletConfig;

    McpServlet(Authentication authentication, Supplier<Parts> parts) {
        this.authentication = authentication;
        this.parts = new Lazy<>(() -> {
            Parts made = parts.get();
            try {
                made.transport().init(servletConfig);
            } catch (ServletException e) {
                throw new IllegalStateException("the MCP transport did not start", e);
            }
            return made;
        });
    }

    @Override
    public void init(ServletConfig config) throws ServletException {
        super.init(config);
        this.servletConfig = config;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        Caller caller;
        try {
            caller = authentication.authenticate(req.getHeader("Authorization"), req.getRequestURI(), null,
                    req.getRemoteAddr());
        } catch (ProblemException p) {
            problem(req, resp, p);
            return;
        }
        Parts made = parts.get();
        var transport = made.transport();
        var sessions = made.sessions();
        String session = req.getHeader(HttpHeaders.MCP_SESSION_ID);
        if (session != null && !sessions.allows(session, caller.tokenId())) {
            problem(req, resp, ProblemException.notFound("MCP session " + session));
            return;
        }
        req.setAttribute(McpProtocol.CALLER, caller);
        transport.service(req, new HttpServletResponseWrapper(resp) {
            @Override
            public void setHeader(String name, String value) {
                if (HttpHeaders.MCP_SESSION_ID.equalsIgnoreCase(name)) sessions.opened(value, caller.tokenId());
                super.setHeader(name, value);
            }
        });
    }

    @Override
    public void destroy() {
        parts.ifMade(p -> p.transport().destroy());
        super.destroy();
    }

    private static void problem(HttpServletRequest req, HttpServletResponse resp, ProblemException p) throws IOException {
        resp.setStatus(p.type().status());
        if (p.type() == ProblemType.UNAUTHORIZED) resp.setHeader("WWW-Authenticate", "Bearer");
        resp.setContentType(Problems.CONTENT_TYPE);
        resp.setCharacterEncoding("UTF-8");
        resp.getWriter().write(Json.write(Problems.body(p.type(), p.detail(), req.getRequestURI(), List.copyOf(p.errors()))));
    }
}
