package dev.actgate.act;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.actgate.shared.auth.Caller;
import dev.actgate.shared.storage.Ids;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;

/**
 * A proxied request — method, path, query, headers and body forwarded to the external app through a connection's
 * auth — as the inline-api {@code /act} body it is, run by the engine (same path rules, retries and run log). The
 * Membrane SDK's {@code /connections/{sel}/proxy/…} and {@code /connections/{sel}/api/…} and the Pipedream
 * dialect's {@code proxy/{url_64}} all come through here.
 */
@Singleton
public record ProxyDispatcher(ActEngine engine, ObjectMapper json) {
    /**
     * The equivalent /act body.
     *
     * @param connection a connection id or key
     * @param path       the raw (still percent-encoded) path under the base URL, so encoded tricks are checked, not decoded away
     * @param headers    caller headers to send (the engine refuses auth headers and invalid names); may be null
     */
    public ObjectNode actBody(String connection, String method, String path, Map<String, List<String>> query,
                              Map<String, String> headers, JsonNode body) {
        ObjectNode act = json.createObjectNode();
        act.put(Ids.looksLikeId(connection, "conn") ? "connectionId" : "connectionKey", connection);
        ObjectNode api = act.putObject("api");
        api.put("method", method);
        api.put("path", path == null || path.isEmpty() ? "/" : path);
        if (query != null && !query.isEmpty()) {
            ObjectNode q = api.putObject("query");
            query.forEach((k, v) -> {
                if (v.size() == 1) {
                    q.put(k, v.get(0));
                } else {
                    v.forEach(x -> q.withArray(k).add(x));
                }
            });
        }
        if (headers != null && !headers.isEmpty()) {
            ObjectNode h = api.putObject("headers");
            headers.forEach(h::put);
        }
        if (body != null && !body.isNull()) {
            api.set("body", body);
        }
        return act;
    }

    /**
     * The equivalent /act body of the SDK's {@code connection(sel).request(path, data)}: a body that describes the
     * request ({@code {method, query, headers, data}}, method one /act accepts) is used as such; anything else is
     * sent as a POST body.
     *
     * @param path the raw path under the base URL, as in {@link #actBody}
     */
    public ObjectNode requestBody(String connection, String path, JsonNode body) {
        ObjectNode act = json.createObjectNode();
        act.put(Ids.looksLikeId(connection, "conn") ? "connectionId" : "connectionKey", connection);
        ObjectNode api = act.putObject("api");
        api.put("path", path);
        boolean described = body instanceof ObjectNode o && o.path("method").isTextual()
            && ActRequest.METHODS.contains(o.get("method").asText().toUpperCase());
        if (described) {
            api.put("method", body.get("method").asText().toUpperCase());
            for (String f : new String[] {"query", "headers"}) {
                if (body.has(f)) {
                    api.set(f, body.get(f));
                }
            }
            if (body.has("data")) {
                api.set("body", body.get("data"));
            }
        } else {
            api.put("method", "POST");
            if (body != null && !body.isNull()) {
                api.set("body", body);
            }
        }
        return act;
    }

    /** Runs the proxied request; the answer is the app's data. */
    public ActEngine.ActResult forward(Caller caller, ObjectNode actBody, String door) {
        return forward(caller, actBody, door, null);
    }

    /** With the caller's Idempotency-Key: the proxy stores no answers, but the key is an approval's retry key. */
    public ActEngine.ActResult forward(Caller caller, ObjectNode actBody, String door, String retryKey) {
        return engine.act(caller, actBody, door, retryKey);
    }
}
