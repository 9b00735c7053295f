package dev.switchboard.mcp;

import dev.switchboard.api.Authentication;
import dev.switchboard.auth.Caller;
import dev.switchboard.json.Json;
import dev.switchboard.problem.ProblemException;
import dev.switchboard.problem.ProblemType;
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

/**
 * {@code /mcp}: authenticates each request with the same bearer tokens as {@code /v1} (a missing or bad token is a
 * 401 problem with {@code WWW-Authenticate: Bearer}, before the MCP transport sees the request), keeps each MCP
 * session to the token that opened it ({@link McpSessions}), and hands the request, with its {@link Caller}, to the
 * SDK's Streamable HTTP transport.
 */
final class McpServlet extends HttpServlet {
    private final transient Authentication authentication;
    private final transient HttpServletStreamableServerTransportProvider transport;
    private final transient McpSessions sessions;

    McpServlet(Authentication authentication, HttpServletStreamableServerTransportProvider transport, McpSessions sessions) {
        this.authentication = authentication;
        this.transport = transport;
        this.sessions = sessions;
    }

    @Override
    public void init(ServletConfig config) throws ServletException {
        super.init(config);
        transport.init(config);
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
        transport.destroy();
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
