package dev.actgate.act.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorCode;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A SandboxHost whose upstream answers by path: /missing is a 404, /unsafe is refused, anything else echoes. */
class FakeHost implements SandboxHost {
    static final ObjectMapper JSON = new ObjectMapper();

    final List<JsonNode> requests = new CopyOnWriteArrayList<>();

    @Override
    public JsonNode apiRequest(JsonNode request) {
        requests.add(request);
        String path = request.path("path").asText();
        ObjectNode response = JSON.createObjectNode();
        response.putObject("headers").put("content-type", "application/json");
        switch (path) {
            case "/missing" -> {
                response.put("status", 404);
                response.putObject("data").put("error", "no such thing");
            }
            case "/unsafe" -> throw new ApiException(ErrorCode.UNSAFE_REQUEST_PATH, "Path must stay on the connection's base URL");
            case "/boom" -> throw new IllegalStateException("secret-token-123 leaked in a bug");
            default -> {
                response.put("status", 200);
                ObjectNode data = response.putObject("data");
                data.put("method", request.path("method").asText());
                data.put("path", path);
                data.set("query", request.get("query"));
                data.set("body", request.get("data"));
                data.set("connection", request.get("connection"));
            }
        }
        return response;
    }

    @Override
    public JsonNode act(JsonNode actBody) {
        requests.add(actBody);
        ObjectNode out = JSON.createObjectNode();
        out.put("ranAction", actBody.path("action").asText());
        return out;
    }

    @Override
    public JsonNode listConnections(JsonNode query) {
        requests.add(query);
        ObjectNode out = JSON.createObjectNode();
        out.putArray("items").addObject().put("id", "con_1");
        return out;
    }
}
