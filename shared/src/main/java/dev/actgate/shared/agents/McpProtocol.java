package dev.actgate.shared.agents;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.actgate.shared.errors.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * MCP's JSON-RPC layer for one POST, stateless (2025-11-25, 2025-06-18 and 2025-03-26): no session, nothing kept
 * between requests, every answer is one {@code application/json} object. {@code initialize} is answered from the
 * request alone, and any later request works without a prior {@code initialize} (a Lambda behind a load balancer
 * never sees the same process twice).
 *
 * <ul>
 *   <li>a request → HTTP 200 with its result or a JSON-RPC error (errors travel with 200: clients turn any other
 *       status into a transport failure instead of an error they can read);</li>
 *   <li>a notification or a response → 202, no body;</li>
 *   <li>a batch (JSON array; removed in 2025-06-18), a body that is not JSON, or not a JSON-RPC message → 400.</li>
 * </ul>
 * Methods: {@code initialize}, {@code ping}, {@code tools/list} (keyset-paged by {@link ToolCursor}, at most
 * {@code pageSize} tools and about {@code maxPageBytes} per page) and {@code tools/call}. The 2026-07-28 revision
 * ({@code server/discover}, per-request {@code _meta} versions, header checks) can be added here, on the same
 * endpoint, by branching on the version a request carries.
 */
public record McpProtocol(String serverVersion, int pageSize, int maxPageBytes) {
    private static final Logger LOG = LoggerFactory.getLogger(McpProtocol.class);
    public static final List<String> VERSIONS = List.of("2025-11-25", "2025-06-18", "2025-03-26");
    public static final String LATEST = "2025-11-25";
    public static final int PARSE_ERROR = -32700;
    public static final int INVALID_REQUEST = -32600;
    public static final int METHOD_NOT_FOUND = -32601;
    public static final int INVALID_PARAMS = -32602;
    public static final int INTERNAL_ERROR = -32603;
    static final ObjectMapper JSON = new ObjectMapper();

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
    }

    /** What the protocol needs from the rest of actgate for one request. */
    public interface Backend {
        /** The tools of {@code tools/list}, sorted by name. */
        List<AgentTool> listed();

        Optional<AgentTool> find(String name);

        /** A {@code CallToolResult}; tool failures are results with {@code isError: true}. */
        ObjectNode call(AgentTool tool, ObjectNode arguments, String idempotencyKey);

        /** What the cursor is bound to (the URL filters). */
        String listScope();
    }

    /** @param body null for "no body" (202) */
    public record Reply(int status, JsonNode body) {
    }

    public Reply handle(String body, Backend backend) {
        JsonNode message;
        try {
            message = body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return new Reply(400, error(null, PARSE_ERROR, "Parse error: the body is not valid JSON"));
        }
        if (message == null) {
            return new Reply(400, error(null, INVALID_REQUEST, "Empty body: POST one JSON-RPC message"));
        }
        if (message.isArray()) {
            return new Reply(400, error(null, INVALID_REQUEST,
                "JSON-RPC batches are not supported: POST one message per request (batching was removed in MCP 2025-06-18)"));
        }
        if (!message.isObject() || !"2.0".equals(message.path("jsonrpc").asText(null))) {
            return new Reply(400, error(null, INVALID_REQUEST, "Not a JSON-RPC 2.0 message (\"jsonrpc\": \"2.0\" is required)"));
        }
        JsonNode method = message.get("method");
        boolean hasId = message.has("id");
        JsonNode id = message.get("id");
        if (method == null) {
            if (hasId && (message.has("result") || message.has("error"))) {
                return new Reply(202, null); // a response to a server request: this server sends none, so nothing to do
            }
            return new Reply(400, error(validId(id) ? id : null, INVALID_REQUEST, "A JSON-RPC message needs a method"));
        }
        if (!method.isTextual()) {
            return new Reply(400, error(validId(id) ? id : null, INVALID_REQUEST, "method must be a string"));
        }
        if (!hasId) {
            return new Reply(202, null); // notifications (initialized, cancelled, …) need no answer from a stateless server
        }
        if (!validId(id)) {
            return new Reply(400, error(null, INVALID_REQUEST, "id must be a string or an integer"));
        }
        JsonNode params = message.get("params");
        if (params != null && !params.isNull() && !params.isObject()) {
            return new Reply(200, error(id, INVALID_PARAMS, "params must be an object"));
        }
        ObjectNode p = params instanceof ObjectNode o ? o : JsonNodeFactory.instance.objectNode();
        try {
            return new Reply(200, switch (method.asText()) {
                case "initialize" -> initialize(id, p);
                case "ping" -> result(id, JsonNodeFactory.instance.objectNode());
                case "tools/list" -> list(id, p, backend);
                case "tools/call" -> call(id, p, backend);
                default -> error(id, METHOD_NOT_FOUND, "Method not found: " + clean(method.asText())
                    + " (this server offers initialize, ping, tools/list and tools/call)");
            });
        } catch (ApiException e) {
            return new Reply(200, error(id, e.code().status() < 500 ? INVALID_PARAMS : INTERNAL_ERROR, e.getMessage()));
        } catch (RuntimeException e) {
            LOG.error("MCP {} failed", clean(method.asText()), e);
            return new Reply(200, error(id, INTERNAL_ERROR, "Internal error"));
        }
    }

    private ObjectNode initialize(JsonNode id, ObjectNode p) {
        JsonNode requested = p.get("protocolVersion");
        if (requested == null || !requested.isTextual()) {
            return error(id, INVALID_PARAMS, "initialize needs params.protocolVersion (a string)");
        }
        ObjectNode r = JsonNodeFactory.instance.objectNode();
        r.put("protocolVersion", VERSIONS.contains(requested.asText()) ? requested.asText() : LATEST);
        r.putObject("capabilities").putObject("tools").put("listChanged", false);
        r.putObject("serverInfo").put("name", "actgate").put("title", "actgate").put("version", serverVersion);
        r.put("instructions", "Tools act on the user's connected apps through actgate. Each tool names the app and the account "
            + "it acts on. A result with isError explains what went wrong (invalid arguments, the app's answer, a connection the "
            + "user must reconnect, an approval to wait for).");
        return result(id, r);
    }

    private ObjectNode list(JsonNode id, ObjectNode p, Backend backend) {
        JsonNode cursor = p.get("cursor");
        String after = null;
        if (cursor != null && !cursor.isNull()) {
            if (!cursor.isTextual()) {
                return error(id, INVALID_PARAMS, "cursor must be a string");
            }
            try {
                after = ToolCursor.decode(cursor.asText(), backend.listScope());
            } catch (ToolCursor.Invalid e) {
                return error(id, INVALID_PARAMS, e.getMessage());
            }
        }
        List<AgentTool> tools = backend.listed();
        ObjectNode r = JsonNodeFactory.instance.objectNode();
        ArrayNode out = r.putArray("tools");
        int bytes = 0;
        String last = null;
        boolean more = false;
        for (AgentTool t : tools) {
            if (after != null && t.name().compareTo(after) <= 0) {
                continue;
            }
            ObjectNode rendered = ToolFormats.mcp(t);
            int size = rendered.toString().getBytes(StandardCharsets.UTF_8).length;
            if (!out.isEmpty() && (out.size() >= pageSize || bytes + size > maxPageBytes)) {
                more = true;
                break;
            }
            out.add(rendered);
            bytes += size;
            last = t.name();
        }
        if (more) {
            r.put("nextCursor", ToolCursor.encode(backend.listScope(), last));
        }
        return result(id, r);
    }

    private ObjectNode call(JsonNode id, ObjectNode p, Backend backend) {
        JsonNode name = p.get("name");
        if (name == null || !name.isTextual() || name.asText().isEmpty()) {
            return error(id, INVALID_PARAMS, "tools/call needs params.name (the tool's name)");
        }
        JsonNode args = p.get("arguments");
        if (args != null && !args.isNull() && !args.isObject()) {
            return error(id, INVALID_PARAMS, "params.arguments must be an object");
        }
        JsonNode meta = p.get("_meta");
        String key = null;
        if (meta != null && meta.isObject()) {
            JsonNode k = meta.has("idempotencyKey") ? meta.get("idempotencyKey") : meta.get("dev.actgate/idempotencyKey");
            if (k != null && !k.isNull()) {
                if (!k.isTextual() || k.asText().isEmpty() || k.asText().length() > 255) {
                    return error(id, INVALID_PARAMS, "_meta.idempotencyKey must be a string of 1-255 characters");
                }
                key = k.asText();
            }
        }
        Optional<AgentTool> tool = backend.find(name.asText());
        if (tool.isEmpty()) {
            return error(id, INVALID_PARAMS, "Unknown tool: " + clean(name.asText()) + " (tools/list shows this user's tools)");
        }
        ObjectNode arguments = args instanceof ObjectNode o ? o : JsonNodeFactory.instance.objectNode();
        return result(id, backend.call(tool.get(), arguments, key));
    }

    static boolean validId(JsonNode id) {
        return id != null && (id.isTextual() || id.isIntegralNumber());
    }

    public static ObjectNode result(JsonNode id, JsonNode result) {
        ObjectNode o = JsonNodeFactory.instance.objectNode().put("jsonrpc", "2.0");
        o.set("id", id);
        o.set("result", result);
        return o;
    }

    public static ObjectNode error(JsonNode id, int code, String message) {
        ObjectNode o = JsonNodeFactory.instance.objectNode().put("jsonrpc", "2.0");
        o.set("id", id == null ? JsonNodeFactory.instance.nullNode() : id);
        o.putObject("error").put("code", code).put("message", message);
        return o;
    }

    private static String clean(String s) {
        String c = s.replaceAll("\\p{Cntrl}", "?");
        return c.length() > 128 ? c.substring(0, 128) + "…" : c;
    }
}
