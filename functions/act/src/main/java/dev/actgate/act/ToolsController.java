package dev.actgate.act;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.actgate.shared.agents.AgentTool;
import dev.actgate.shared.agents.AgentTools;
import dev.actgate.shared.agents.ToolFilter;
import dev.actgate.shared.agents.ToolFormats;
import dev.actgate.shared.agents.ToolExecuteRequest;
import dev.actgate.shared.agents.ToolResults;
import dev.actgate.shared.auth.Caller;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorCode;
import dev.actgate.shared.idempotency.IdempotencyService;
import dev.actgate.shared.json.BodyErrors;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import jakarta.validation.Valid;

import java.io.IOException;

/**
 * Tools for agents that do not speak MCP: {@code GET /tools?format=mcp|openai-chat|openai-responses|anthropic}
 * exports the same tools {@code /mcp} lists (same tenant scoping, names and filters; {@code strict=true} converts
 * schemas to OpenAI strict form), and {@code POST /tools/execute {name, arguments}} runs the model's tool call and
 * answers the MCP result shape ({@code content}, {@code structuredContent?}, {@code isError}), so a backend passes it
 * straight back to the model. An approval hold answers 202 {@code {status: "approval_required", approval}}, as /act does.
 */
@Controller
@Secured(SecurityRule.IS_AUTHENTICATED)
public class ToolsController { // a class, not a record: @Valid parameters are validation advice, which needs a subclass
    private final AgentTools agents;
    private final AgentToolRunner runner;
    private final ObjectMapper json;

    public ToolsController(AgentTools agents, AgentToolRunner runner, ObjectMapper json) {
        this.agents = agents;
        this.runner = runner;
        this.json = json;
    }

    @Get("/tools")
    public ObjectNode tools(HttpRequest<?> request, Authentication authentication, @Nullable @QueryValue String format,
                            @Nullable @QueryValue String strict) {
        Caller caller = tenant(authentication);
        ToolFormats.Format f = ToolFormats.Format.of(format);
        if (f == null) {
            throw ApiException.validation("format must be mcp, openai-chat, openai-responses or anthropic");
        }
        boolean isStrict = flag(strict, "strict");
        ToolFilter filter = McpController.filter(request);
        var session = agents.session(caller, filter, runner.door("tools"));
        ToolFormats.Export export = ToolFormats.export(session.listed(), f, isStrict);
        ObjectNode out = JsonNodeFactory.instance.objectNode().put("format", f.wire).put("strict", isStrict);
        out.set("tools", export.tools());
        if (!export.notStrict().isEmpty()) {
            out.set("notStrict", export.notStrict());
        }
        return out;
    }

    @Post("/tools/execute")
    public MutableHttpResponse<?> execute(HttpRequest<?> request, Authentication authentication,
                                          @Nullable @Valid @Body ToolExecuteRequest body,
                                          @Nullable @Header(IdempotencyService.HEADER) String idempotencyKey) {
        Caller caller = tenant(authentication);
        ToolExecuteRequest b = BodyErrors.required(body);
        String name = b.name();
        ObjectNode arguments = arguments(b.arguments());
        String key = idempotencyKey != null ? idempotencyKey : b.idempotencyKey();
        var session = agents.session(caller, McpController.filter(request), runner.door("tools"));
        AgentTool tool = session.find(name).orElseThrow(() -> new ApiException(ErrorCode.ACTION_NOT_FOUND,
            "No tool '" + name.replaceAll("\\p{Cntrl}", "?") + "' for this tenant (GET /tools lists them, with the same filters)"));
        ObjectNode result = session.call(tool, arguments, key);
        JsonNode approval = result.path("_meta").get(ToolResults.META_APPROVAL);
        if (approval != null) {
            ObjectNode waiting = JsonNodeFactory.instance.objectNode().put("status", "approval_required");
            waiting.set("approval", approval);
            return HttpResponse.status(HttpStatus.ACCEPTED).body(waiting);
        }
        return HttpResponse.ok(result);
    }

    /** OpenAI hands tool arguments over as a JSON string: both that and an object are accepted. */
    private ObjectNode arguments(JsonNode raw) {
        if (raw == null || raw.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        JsonNode parsed = raw;
        if (raw.isTextual()) {
            try {
                parsed = raw.asText().isBlank() ? JsonNodeFactory.instance.objectNode() : json.readTree(raw.asText());
            } catch (IOException e) {
                throw ApiException.validation("arguments is a string but not JSON: send the model's arguments object or its JSON text");
            }
        }
        if (!(parsed instanceof ObjectNode o)) {
            throw ApiException.validation("arguments must be a JSON object (or its JSON text)");
        }
        return o;
    }

    private static boolean flag(String v, String name) {
        if (v == null || v.isBlank() || v.equals("false")) {
            return false;
        }
        if (v.equals("true")) {
            return true;
        }
        throw ApiException.validation(name + " must be true or false");
    }

    static Caller tenant(Authentication authentication) {
        Caller caller = Caller.of(authentication);
        if (caller.manager() || caller.tenantKey() == null) {
            throw new ApiException(ErrorCode.FORBIDDEN, "Tools belong to one tenant: use a tenant token (with tenantKey, without "
                + "isAdmin). Manager tokens are refused here, so an agent never holds manager rights");
        }
        return caller;
    }
}
