package dev.actgate.connections;

import dev.actgate.shared.deployment.PublicUrlSettings;
import dev.actgate.shared.connections.ConnectOAuthService;
import dev.actgate.shared.connections.ConnectScreenService;
import dev.actgate.shared.connections.ConnectSessionService;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorCode;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hosted connect screens: what the official SDK's {@code ui.connect()} posts into its iframe
 * ({@code POST /screens/connect}), the plain link form ({@code GET /screens/connect?connectToken=…}, a single-use
 * connect session from {@code POST /connect-sessions}),
 * the credentials form's submit, the OAuth2 start and the provider's callback. They answer HTML, not JSON; the
 * token arrives in the form (or the link), not in an Authorization header, so these routes are anonymous and
 * verify it themselves.
 */
@Controller
@Secured(SecurityRule.IS_ANONYMOUS)
public record ConnectScreensController(ConnectScreenService flow, ConnectOAuthService oauth, ConnectSessionService sessions,
                                       ConnectPages pages, PublicUrlSettings publicUrl) {
    @Post(value = "/screens/connect", consumes = {MediaType.APPLICATION_FORM_URLENCODED, MediaType.MULTIPART_FORM_DATA})
    public MutableHttpResponse<String> open(HttpRequest<?> request, @Body Map<String, String> form) {
        return open(request, form == null ? Map.of() : form, true);
    }

    /**
     * The link form: {@code ?connectToken=} from {@code POST /connect-sessions}, opened once. A tenant API token in
     * the URL ({@code ?token=}, the old form) is refused: it would sit in browser history, logs and Referer headers.
     */
    @Get("/screens/connect")
    public MutableHttpResponse<String> openLink(HttpRequest<?> request) {
        Map<String, String> query = query(request);
        if (query.containsKey("token")) {
            return html(HttpStatus.BAD_REQUEST, pages.error("An API token is not accepted in a URL. Create a connect "
                + "session with POST /connect-sessions (Authorization: Bearer <tenant token>) and open its connectUrl."));
        }
        if (!query.containsKey(ConnectSessionService.LINK_PARAMETER)) {
            return html(HttpStatus.BAD_REQUEST, pages.error("This link names no connect session: open the connectUrl "
                + "that POST /connect-sessions returned."));
        }
        try {
            String base = publicUrl(request);
            ConnectSessionService.Redeemed link = sessions.redeem(query.get(ConnectSessionService.LINK_PARAMETER));
            return screen(base, flow.open(link.caller(), link.params(), base));
        } catch (ApiException e) {
            return html(HttpStatus.valueOf(e.code().status()), pages.error(e.getMessage()));
        }
    }

    private MutableHttpResponse<String> open(HttpRequest<?> request, Map<String, String> params, boolean fromSdk) {
        try {
            String base = publicUrl(request);
            return screen(base, flow.open(params.get("token"), params, base));
        } catch (ApiException e) {
            return html(HttpStatus.valueOf(e.code().status()), pages.error(e.getMessage()));
        }
    }

    private MutableHttpResponse<String> screen(String base, ConnectScreenService.Screen screen) {
        return html(HttpStatus.OK, screen.oauth() ? pages.oauth(base, screen) : pages.form(base, screen, null), screen.embedOrigins());
    }

    @Post(value = "/screens/connect/submit", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public MutableHttpResponse<String> submit(HttpRequest<?> request, @Body Map<String, String> form) {
        Map<String, String> fields = form == null ? Map.of() : form;
        try {
            // the result page renders in the same iframe as the form: the same embedding origins
            List<String> embed = flow.sessionEmbedOrigins(fields.get("session"));
            return html(HttpStatus.OK, pages.result(flow.submit(fields.get("session"), fields)), embed);
        } catch (ApiException e) {
            if (e.code() == ErrorCode.UNAUTHORIZED) {
                return html(HttpStatus.UNAUTHORIZED, pages.error(e.getMessage()));
            }
            return html(HttpStatus.valueOf(e.code().status()), pages.error(e.getMessage()));
        }
    }

    @Get("/screens/connect/oauth/start")
    public MutableHttpResponse<String> oauthStart(HttpRequest<?> request) {
        try {
            ConnectOAuthService.OAuthStart start = oauth.oauthStart(query(request).get("session"), publicUrl(request));
            return HttpResponse.<String>status(HttpStatus.FOUND).header("Location", start.location().toString())
                .header("Set-Cookie", start.setCookieHeader()).header("Cache-Control", "no-store");
        } catch (ApiException e) {
            return html(HttpStatus.valueOf(e.code().status()), pages.error(e.getMessage()));
        }
    }

    @Get(ConnectOAuthService.CALLBACK_PATH)
    public MutableHttpResponse<String> callback(HttpRequest<?> request) {
        try {
            ConnectScreenService.Result result = oauth.callback(query(request), publicUrl(request),
                name -> cookie(request, name));
            return html(result.error() == null ? HttpStatus.OK : HttpStatus.BAD_REQUEST, pages.result(result));
        } catch (ApiException e) {
            return html(HttpStatus.valueOf(e.code().status()), pages.error(e.getMessage()));
        }
    }

    /**
     * A request cookie. API Gateway's HTTP API (payload 2.0) moves the Cookie header into the event's
     * {@code cookies} list, which Micronaut's cookie parsing does not read, so the event is asked first.
     */
    static String cookie(HttpRequest<?> request, String name) {
        List<String> pairs = new java.util.ArrayList<>();
        if (request instanceof io.micronaut.servlet.http.ServletHttpRequest<?, ?> servlet
            && servlet.getNativeRequest() instanceof com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent event
            && event.getCookies() != null) {
            pairs.addAll(event.getCookies());
        }
        for (String header : request.getHeaders().getAll("Cookie")) {
            pairs.addAll(List.of(header.split(";")));
        }
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).trim().equals(name)) {
                return pair.substring(eq + 1).trim();
            }
        }
        return request.getCookies().findCookie(name).map(io.micronaut.http.cookie.Cookie::getValue).orElse(null);
    }

    private static Map<String, String> query(HttpRequest<?> request) {
        Map<String, String> q = new LinkedHashMap<>();
        request.getParameters().forEach((k, v) -> {
            if (!v.isEmpty()) {
                q.put(k, v.get(0));
            }
        });
        return q;
    }

    private String publicUrl(HttpRequest<?> request) {
        return publicUrl.baseFor(request);
    }

    private static MutableHttpResponse<String> html(HttpStatus status, String body) {
        return html(status, body, List.of());
    }

    /**
     * An HTML answer. {@code frame-ancestors}: the API's own origin plus the workspace's {@code allowedOrigins} (the
     * customer's app, where the SDK's iframe lives); any other site framing the credential form is refused.
     */
    private static MutableHttpResponse<String> html(HttpStatus status, String body, List<String> embedOrigins) {
        StringBuilder ancestors = new StringBuilder("'self'");
        for (String o : embedOrigins) {
            if (o.matches("https?://[A-Za-z0-9.\\-\\[\\]:]+")) {   // origins only: nothing that could end the directive
                ancestors.append(' ').append(o);
            }
        }
        return HttpResponse.<String>status(status).body(body).contentType(MediaType.TEXT_HTML_TYPE)
            .header("Cache-Control", "no-store")
            .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
                + "form-action 'self'; frame-ancestors " + ancestors + "; base-uri 'none'")
            .header("Referrer-Policy", "same-origin");
    }
}
