package dev.actgate.runlogs;

import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorCode;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The web console's static files. The page itself holds no data: the browser signs in with a token the person
 * pastes and calls the API from the same origin, so these routes are anonymous. Served by the run-logs function,
 * the lightest one, which also answers the console's overview (it reads run logs, the console's main material).
 */
@Controller("/console")
@Secured(SecurityRule.IS_ANONYMOUS)
public class ConsoleController {
    /** Scripts and styles only from this origin, no inline code, no framing, calls only to this API. */
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    private static final Map<String, MediaType> FILES = Map.of(
        "app.js", MediaType.of("text/javascript;charset=utf-8"),
        "app.css", MediaType.of("text/css;charset=utf-8"),
        "favicon.svg", MediaType.of("image/svg+xml"));
    private final Map<String, String> cache = new ConcurrentHashMap<>();

    @Get
    public MutableHttpResponse<String> index() {
        return page("index.html", MediaType.TEXT_HTML_TYPE, "no-cache");
    }

    @Get("/{file}")
    public MutableHttpResponse<String> file(@PathVariable String file) {
        if (file.isEmpty() || file.equals("index.html")) {
            return index();
        }
        MediaType type = FILES.get(file);
        if (type == null) {
            throw new ApiException(ErrorCode.NOT_FOUND, "No console file '" + file + "'");
        }
        return page(file, type, "public, max-age=300");
    }

    private MutableHttpResponse<String> page(String name, MediaType type, String cacheControl) {
        String body = cache.computeIfAbsent(name, ConsoleController::read);
        return HttpResponse.ok(body).contentType(type)
            .header("Content-Security-Policy", CSP)
            .header("X-Content-Type-Options", "nosniff")
            .header("X-Frame-Options", "DENY")
            .header("Referrer-Policy", "no-referrer")
            .header("Cache-Control", cacheControl);
    }

    private static String read(String name) {
        try (InputStream in = ConsoleController.class.getResourceAsStream("/console/" + name)) {
            if (in == null) {
                throw new ApiException(ErrorCode.NOT_FOUND, "No console file '" + name + "'");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
