package dev.actgate.testing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Builds API Gateway HTTP API (payload format 2.0) events the way API Gateway does: lower-case header names,
 * repeated headers joined with commas, cookies split out, text bodies as-is and binary ones in base64.
 * Used by the local runtime and the in-process handler tests, so both exercise the real Lambda handler.
 */
public final class HttpApiEvents {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);

    private HttpApiEvents() {
    }

    public static APIGatewayV2HTTPEvent request(String method, String rawPath, String rawQuery,
                                                Map<String, List<String>> headers, byte[] body,
                                                String routeKey, Map<String, String> pathParameters, String sourceIp) {
        Map<String, String> single = new LinkedHashMap<>();
        List<String> cookies = new java.util.ArrayList<>();
        headers.forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("cookie")) {
                values.forEach(v -> cookies.addAll(List.of(v.split(";\\s*"))));
            } else {
                single.merge(lower, String.join(",", values), (a, b) -> a + "," + b);
            }
        });
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                String k = decode(eq < 0 ? pair : pair.substring(0, eq));
                String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
                query.merge(k, v, (a, b) -> a + "," + b);
            }
        }
        boolean text = body == null || isUtf8Text(body, single.get("content-type"));
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        APIGatewayV2HTTPEvent.RequestContext.Http http = APIGatewayV2HTTPEvent.RequestContext.Http.builder()
            .withMethod(method).withPath(rawPath).withProtocol("HTTP/1.1").withSourceIp(sourceIp)
            .withUserAgent(single.getOrDefault("user-agent", "")).build();
        APIGatewayV2HTTPEvent.RequestContext context = APIGatewayV2HTTPEvent.RequestContext.builder()
            .withAccountId("000000000000").withApiId("local").withDomainName(single.getOrDefault("host", "localhost"))
            .withDomainPrefix("localhost").withHttp(http).withRequestId(UUID.randomUUID().toString())
            .withRouteKey(routeKey).withStage("$default").withTime(TIME.format(now))
            .withTimeEpoch(now.toInstant().toEpochMilli()).build();
        return APIGatewayV2HTTPEvent.builder()
            .withVersion("2.0")
            .withRouteKey(routeKey)
            .withRawPath(rawPath)
            .withRawQueryString(rawQuery == null ? "" : rawQuery)
            .withCookies(cookies.isEmpty() ? null : cookies)
            .withHeaders(single)
            .withQueryStringParameters(query.isEmpty() ? null : query)
            .withPathParameters(pathParameters == null || pathParameters.isEmpty() ? null : pathParameters)
            .withRequestContext(context)
            .withBody(body == null ? null : text ? new String(body, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(body))
            .withIsBase64Encoded(body != null && !text)
            .build();
    }

    /** API Gateway base64-encodes bodies that are not valid UTF-8 text. */
    private static boolean isUtf8Text(byte[] body, String contentType) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(body));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    private static String decode(String s) {
        try {
            return java.net.URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }
}
