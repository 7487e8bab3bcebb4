package dev.actgate.act;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.actgate.shared.auth.Caller;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;

/**
 * The SDK's proxy: {@code {METHOD} /connections/{selector}/proxy/{path}} forwards method, path, query and body to
 * the external app through the connection's auth — an inline-api dispatch under another name, so it gets the same
 * path rules, retries and run log. The response body is the app's data.
 */
@Controller("/connections/{selector}")
@Secured(SecurityRule.IS_AUTHENTICATED)
public record ProxyController(ProxyDispatcher proxies) {
    /** The app's root path too: the SDK's {@code connection(sel).proxy.get('/')} asks for {@code /connections/{sel}/proxy/}. */
    @Get(uris = {"/proxy", "/proxy/{+path}"})
    public JsonNode get(Authentication a, HttpRequest<?> request, @PathVariable String selector, @Nullable @PathVariable String path) {
        return proxy(a, request, selector, path, null);
    }

    @Delete(uris = {"/proxy", "/proxy/{+path}"})
    public JsonNode delete(Authentication a, HttpRequest<?> request, @PathVariable String selector, @Nullable @PathVariable String path) {
        return proxy(a, request, selector, path, null);
    }

    @Post(uris = {"/proxy", "/proxy/{+path}"})
    public JsonNode post(Authentication a, HttpRequest<?> request, @PathVariable String selector, @Nullable @PathVariable String path,
                         @Nullable @Body JsonNode body) {
        return proxy(a, request, selector, path, body);
    }

    @Put(uris = {"/proxy", "/proxy/{+path}"})
    public JsonNode put(Authentication a, HttpRequest<?> request, @PathVariable String selector, @Nullable @PathVariable String path,
                        @Nullable @Body JsonNode body) {
        return proxy(a, request, selector, path, body);
    }

    @Patch(uris = {"/proxy", "/proxy/{+path}"})
    public JsonNode patch(Authentication a, HttpRequest<?> request, @PathVariable String selector, @Nullable @PathVariable String path,
                          @Nullable @Body JsonNode body) {
        return proxy(a, request, selector, path, body);
    }

    /**
     * The SDK's {@code connection(sel).request(path, data)}: {@code POST /connections/{sel}/api/{path}}. The body may
     * describe the request ({@code {method, query, headers, data}}); anything else is sent as a POST body.
     */
    @Post("/api/{+path}")
    public JsonNode request(Authentication a, HttpRequest<?> request, @PathVariable String selector, @PathVariable String path,
                            @Nullable @Body JsonNode body) {
        String raw = request.getPath();
        int at = raw.indexOf("/api/");
        ObjectNode act = proxies.requestBody(selector, at >= 0 ? raw.substring(at + "/api".length()) : "/" + path, body);
        return proxies.forward(Caller.of(a), act, "request", retryKey(request)).output();
    }

    private JsonNode proxy(Authentication authentication, HttpRequest<?> request, String selector, String path, JsonNode body) {
        String method = request.getMethod() == HttpMethod.CUSTOM ? request.getMethodName() : request.getMethod().name();
        // The raw (still percent-encoded) remainder of the path, so encoded characters are checked, not decoded away.
        String raw = request.getPath();
        int at = raw.indexOf("/proxy/");
        String upstreamPath = at >= 0 ? raw.substring(at + "/proxy".length()) : path == null || path.isEmpty() ? "/" : "/" + path;
        ObjectNode act = proxies.actBody(selector, method, upstreamPath, request.getParameters().asMap(), null, body);
        return proxies.forward(Caller.of(authentication), act, "proxy", retryKey(request)).output();
    }

    /** The proxy has no stored answers; its Idempotency-Key is the retry key of an approval (docs/approvals.md). */
    private static String retryKey(HttpRequest<?> request) {
        String key = request.getHeaders().get(dev.actgate.shared.idempotency.IdempotencyService.HEADER);
        if (key != null && !key.matches("[\\x21-\\x7e]{1,255}")) {
            throw dev.actgate.shared.errors.ApiException.validation("Idempotency-Key must be 1-255 visible ASCII characters");
        }
        return key;
    }
}
