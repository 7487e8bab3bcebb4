package dev.actgate.runlogs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The API contract, {@code openapi.yaml} in this jar (the one truth: checked against template.yaml's routes and the
 * integration suite's real exchanges), served as JSON. Parsed on first request only, so it costs no cold start.
 */
@Controller("/openapi.json")
@Secured(SecurityRule.IS_ANONYMOUS)
public class OpenApiController {
    private volatile String document;

    @Get
    public MutableHttpResponse<String> get() {
        String d = document;
        if (d == null) {
            d = document = load();
        }
        return HttpResponse.ok(d).contentType(MediaType.APPLICATION_JSON_TYPE)
            .header("Cache-Control", "public, max-age=300")
            .header("X-Content-Type-Options", "nosniff");
    }

    static String load() {
        try (InputStream in = OpenApiController.class.getResourceAsStream("/openapi.yaml")) {
            return new ObjectMapper().writeValueAsString(new ObjectMapper(new YAMLFactory()).readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
