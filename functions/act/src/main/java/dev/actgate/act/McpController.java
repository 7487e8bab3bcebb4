package dev.actgate.act;

import dev.actgate.shared.deployment.PublicUrlSettings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.actgate.shared.agents.AgentTools;
import dev.actgate.shared.agents.McpProtocol;
import dev.actgate.shared.agents.McpSettings;
import dev.actgate.shared.agents.McpTransportRules;
import dev.actgate.shared.agents.ToolFilter;
import dev.actgate.shared.auth.Caller;
import dev.actgate.shared.auth.TokenRejection;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorCode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;

import java.net.URI;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /mcp}: actgate as a stateless MCP server (Streamable HTTP, JSON answers only) for one tenant's tools.
 * The route is anonymous for micronaut-security so that this controller can answer the way MCP clients expect:
 * Host/Origin checks first (403), then the bearer token (401 with {@code WWW-Authenticate: Bearer
 * error="invalid_token"}; a manager token → 403: an agent gets a tenant's least privilege), then the transport
 * headers, then JSON-RPC ({@link McpProtocol}). GET and DELETE → 405 (no SSE stream, no sessions).
 */
@Controller
@Secured(SecurityRule.IS_ANONYMOUS)
public class McpController {
    static final String SERVER_VERSION = Optional.ofNullable(McpController.class.getPackage().getImplementationVersion()).orElse("0.1.0");

    private final AgentTools agents;
    private final AgentToolRunner runner;
    private final McpProtocol protocol;
    private final McpTransportRules rules;

    public McpController(AgentTools agents, AgentToolRunner runner, McpSettings settings, PublicUrlSettings deployment) {
        String publicUrl = deployment.publicUrl();
        this.agents = agents;
        this.runner = runner;
        this.protocol = new McpProtocol(SERVER_VERSION, settings.getPageSize(), settings.getMaxPageBytes());
        Set<String> hosts = new HashSet<>();
        settings.getAllowedHosts().forEach(h -> hosts.add(h.trim().toLowerCase(Locale.ROOT)));
        if (publicUrl != null && !publicUrl.isBlank()) {
            try {
                String h = URI.create(publicUrl.trim()).getHost();
                if (h != null) {
                    hosts.add(h.toLowerCase(Locale.ROOT));
                }
            } catch (IllegalArgumentException e) {
                // not a URL: nothing to add
            }
        }
        Set<String> origins = new HashSet<>();
        settings.getAllowedOrigins().forEach(o -> origins.add(o.trim().toLowerCase(Locale.ROOT)));
        // Inside Lambda, API Gateway only hands over requests for its own domains: the Host is already checked.
        this.rules = new McpTransportRules(Set.copyOf(hosts), Set.copyOf(origins), System.getenv("AWS_LAMBDA_FUNCTION_NAME") != null);
    }

    @Post(value = "/mcp", consumes = MediaType.ALL, produces = MediaType.ALL)
    public MutableHttpResponse<?> post(HttpRequest<?> request, @Nullable Authentication authentication, @Nullable @Body String body) {
        String host = request.getHeaders().get("Host");
        Optional<String> refused = rules.hostProblem(host).or(() -> rules.originProblem(request.getHeaders().get("Origin"), host));
        if (refused.isPresent()) {
            return jsonRpc(HttpStatus.FORBIDDEN, McpProtocol.error(null, McpProtocol.INVALID_REQUEST, refused.get()));
        }
        if (authentication == null) {
            String reason = request.getAttribute(TokenRejection.ATTRIBUTE, String.class)
                .orElse("Missing bearer token: send 'Authorization: Bearer <JWT>' (a tenant token)");
            return error(new ApiException(ErrorCode.UNAUTHORIZED, reason))
                .header("WWW-Authenticate", "Bearer error=\"invalid_token\", error_description=\"" + quoted(reason) + "\"");
        }
        Caller caller = Caller.of(authentication);
        if (caller.manager() || caller.tenantKey() == null) {
            return error(new ApiException(ErrorCode.FORBIDDEN, "The MCP endpoint serves one tenant's tools: use a tenant token "
                + "(with tenantKey, without isAdmin). Manager tokens are refused here, so an agent never holds manager rights"));
        }
        if (!McpTransportRules.isJson(request.getHeaders().get("Content-Type"))) {
            return jsonRpc(HttpStatus.UNSUPPORTED_MEDIA_TYPE, McpProtocol.error(null, McpProtocol.INVALID_REQUEST,
                "POST a JSON-RPC message with Content-Type: application/json"));
        }
        if (!McpTransportRules.acceptsJson(request.getHeaders().get("Accept"))) {
            return jsonRpc(HttpStatus.NOT_ACCEPTABLE, McpProtocol.error(null, McpProtocol.INVALID_REQUEST,
                "This server answers application/json only (no SSE): accept application/json"));
        }
        Optional<String> version = McpTransportRules.versionProblem(request.getHeaders().get("MCP-Protocol-Version"));
        if (version.isPresent()) {
            return jsonRpc(HttpStatus.BAD_REQUEST, McpProtocol.error(null, McpProtocol.INVALID_REQUEST, version.get()));
        }
        ToolFilter filter;
        try {
            filter = filter(request);
        } catch (ApiException e) {
            return jsonRpc(HttpStatus.BAD_REQUEST, McpProtocol.error(null, McpProtocol.INVALID_PARAMS, e.getMessage()));
        }
        McpProtocol.Reply reply = protocol.handle(body, agents.session(caller, filter, runner.door("mcp")));
        if (reply.body() == null) {
            return HttpResponse.status(HttpStatus.ACCEPTED);
        }
        return jsonRpc(HttpStatus.valueOf(reply.status()), reply.body());
    }

    /** The URL filters; a comma list may arrive as one value or (API Gateway's split) as several. */
    static ToolFilter filter(HttpRequest<?> request) {
        var q = request.getParameters();
        return ToolFilter.of(joined(q.getAll("connectionKey")), joined(q.getAll("integrationKey")), joined(q.getAll("actions")),
            q.get("mode"));
    }

    private static String joined(java.util.List<String> values) {
        return values == null || values.isEmpty() ? null : String.join(",", values);
    }

    @Get(value = "/mcp", produces = MediaType.ALL)
    public MutableHttpResponse<?> get() {
        return notAllowed();
    }

    @Delete(value = "/mcp", produces = MediaType.ALL)
    public MutableHttpResponse<?> delete() {
        return notAllowed();
    }

    private static MutableHttpResponse<?> notAllowed() {
        return jsonRpc(HttpStatus.METHOD_NOT_ALLOWED, McpProtocol.error(null, McpProtocol.INVALID_REQUEST,
            "This MCP endpoint is stateless: POST JSON-RPC messages (no SSE stream to GET, no session to DELETE)"))
            .header("Allow", "POST");
    }

    /**
     * A JSON-RPC answer. Transport-level refusals (4xx) also carry actgate's error fields ({@code type, code, message,
     * attribution}) beside {@code error}, so the one documented error shape holds on this route too; MCP clients
     * read only the status of a non-2xx answer.
     */
    private static MutableHttpResponse<String> jsonRpc(HttpStatus status, JsonNode body) {
        if (status.getCode() >= 400 && body instanceof ObjectNode o && o.has("error")) {
            ErrorCode code = switch (status.getCode()) {
                case 403 -> ErrorCode.FORBIDDEN;
                case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
                case 406 -> ErrorCode.NOT_ACCEPTABLE;
                case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
                default -> o.path("error").path("code").asInt() == McpProtocol.PARSE_ERROR ? ErrorCode.MALFORMED_JSON : ErrorCode.VALIDATION_ERROR;
            };
            var b = new ApiException(code, o.path("error").path("message").asText()).toBody();
            o.put("type", b.type()).put("code", b.code()).put("message", b.message()).put("attribution", b.attribution());
            if (b.key() != null) {
                o.put("key", b.key());
            }
        }
        return HttpResponse.<String>status(status).body(body.toString()).contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    private static MutableHttpResponse<?> error(ApiException e) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        var b = e.toBody();
        o.put("type", b.type());
        if (b.key() != null) {
            o.put("key", b.key());
        }
        o.put("code", b.code()).put("message", b.message()).put("attribution", b.attribution());
        return jsonRpc(HttpStatus.valueOf(e.code().status()), o);
    }

    private static String quoted(String s) {
        return s.replaceAll("[\"\\\\\\p{Cntrl}]", "'");
    }
}
