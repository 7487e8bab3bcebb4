package dev.actgate.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpServer;
import dev.actgate.testing.HttpApiEvents;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;

/**
 * The baseline gateway of {@code scripts/bench-act}: the least a gateway in front of an app can do for one
 * authenticated call, as a bare {@link RequestHandler} (no framework) behind the same kind of local HTTP server and
 * event conversion the emulated API Gateway uses. Per request it does only the essential work: verify the HS256
 * JWT against the workspace secret it holds in memory (actgate caches the workspace too), one consistent
 * {@code GetItem} of the connection record, the upstream call with the API key, and one {@code PutItem} of a run
 * record (request, response body, status, times) on the run-logs table before answering {@code {"output": …}}.
 * What it does not do: decrypt credentials (the key is given to it), validate the body, redact, retry.
 */
final class BaselineGateway implements AutoCloseable {
    private final HttpServer server;

    BaselineGateway(String workspaceId, String tenantKey, List<String> secrets, String connectionId, String upstreamBaseUrl,
                    String apiKey) throws IOException {
        Handler handler = new Handler(workspaceId, tenantKey, secrets, connectionId, upstreamBaseUrl, apiKey);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "baseline-gateway");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                Map<String, List<String>> headers = new LinkedHashMap<>();
                exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, new ArrayList<>(v)));
                URI uri = exchange.getRequestURI();
                APIGatewayV2HTTPEvent event = HttpApiEvents.request(exchange.getRequestMethod(), uri.getRawPath(),
                    uri.getRawQuery() == null ? "" : uri.getRawQuery(), headers, body,
                    exchange.getRequestMethod() + " " + uri.getRawPath(), null, "127.0.0.1");
                APIGatewayV2HTTPResponse r = handler.handleRequest(event, null);
                byte[] out = r.getBody() == null ? new byte[0] : r.getBody().getBytes(StandardCharsets.UTF_8);
                if (r.getHeaders() != null) {
                    r.getHeaders().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
                }
                exchange.sendResponseHeaders(r.getStatusCode(), out.length == 0 ? -1 : out.length);
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(out);
                }
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/act";
    }

    @Override
    public void close() {
        server.stop(0);
    }

    static final class Handler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
        private final String scope;
        private final String workspaceId;
        private final List<String> secrets;
        private final String connectionId;
        private final String upstreamBaseUrl;
        private final String apiKey;
        private final DynamoDbClient dynamo;
        private final HttpClient upstream = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .proxy(HttpClient.Builder.NO_PROXY).connectTimeout(Duration.ofSeconds(10)).build();

        Handler(String workspaceId, String tenantKey, List<String> secrets, String connectionId, String upstreamBaseUrl, String apiKey) {
            this.workspaceId = workspaceId;
            this.scope = workspaceId + "#" + tenantKey;
            this.secrets = secrets;
            this.connectionId = connectionId;
            this.upstreamBaseUrl = upstreamBaseUrl;
            this.apiKey = apiKey;
            this.dynamo = DynamoDbClient.builder()
                .region(Region.of(System.getProperty("aws.region", "us-east-1")))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                    System.getProperty("aws.access-key-id", "local"), System.getProperty("aws.secret-key", "local"))))
                .endpointOverride(URI.create(System.getProperty("aws.services.dynamodb.endpoint-override")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        }

        @Override
        public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
            Instant started = Instant.now();
            String auth = event.getHeaders() == null ? null : event.getHeaders().get("authorization");
            if (auth == null || !auth.startsWith("Bearer ") || !validSignature(auth.substring(7).trim())) {
                return respond(401, "{\"code\":\"UNAUTHORIZED\"}");
            }
            GetItemResponse item = dynamo.getItem(r -> r.tableName("actgate-connections").consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS(scope), "sk", AttributeValue.fromS("C#" + connectionId))));
            if (!item.hasItem()) {
                return respond(404, "{\"code\":\"CONNECTION_NOT_FOUND\"}");
            }
            HttpResponse<String> answer;
            try {
                answer = upstream.send(HttpRequest.newBuilder(URI.create(upstreamBaseUrl + "/todos")).timeout(Duration.ofSeconds(30))
                    .header("X-Api-Key", apiKey).GET().build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                return respond(502, "{\"code\":\"UPSTREAM_UNREACHABLE\"}");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return respond(502, "{\"code\":\"UPSTREAM_UNREACHABLE\"}");
            }
            String runId = "run_" + UUID.randomUUID().toString().replace("-", "");
            Map<String, AttributeValue> run = new HashMap<>();
            run.put("pk", AttributeValue.fromS(scope));
            run.put("sk", AttributeValue.fromS("R#" + started + "#" + runId));
            run.put("wsPk", AttributeValue.fromS(workspaceId));
            run.put("id", AttributeValue.fromS(runId));
            run.put("request", AttributeValue.fromS(event.getBody() == null ? "" : event.getBody()));
            run.put("response", AttributeValue.fromS(answer.body()));
            run.put("status", AttributeValue.fromN(Integer.toString(answer.statusCode())));
            run.put("startedAt", AttributeValue.fromS(started.toString()));
            run.put("finishedAt", AttributeValue.fromS(Instant.now().toString()));
            run.put("bench", AttributeValue.fromS("baseline"));
            run.put("expiresAt", AttributeValue.fromN(Long.toString(started.plus(Duration.ofDays(30)).getEpochSecond())));
            dynamo.putItem(r -> r.tableName("actgate-run-logs").item(run));
            return respond(200, "{\"actionRunId\":\"" + runId + "\",\"output\":" + answer.body() + "}");
        }

        private boolean validSignature(String token) {
            String[] parts = token.split("\\.");
            if (parts.length != 3) {
                return false;
            }
            byte[] signature;
            try {
                signature = Base64.getUrlDecoder().decode(parts[2]);
            } catch (IllegalArgumentException e) {
                return false;
            }
            for (String secret : secrets) {
                if (MessageDigest.isEqual(signature, hs256(secret, parts[0] + "." + parts[1]))) {
                    String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
                    // The expiry, as any verifier must (a crude read: the bench mints the token itself).
                    int at = claims.indexOf("\"exp\":");
                    if (at < 0) {
                        return true;
                    }
                    String digits = claims.substring(at + 6).replaceAll("^\\s*(\\d+).*$", "$1");
                    return Long.parseLong(digits) > Instant.now().getEpochSecond();
                }
            }
            return false;
        }

        private static byte[] hs256(String secret, String signingInput) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        private static APIGatewayV2HTTPResponse respond(int status, String body) {
            return APIGatewayV2HTTPResponse.builder().withStatusCode(status)
                .withHeaders(Map.of("content-type", "application/json")).withBody(body).build();
        }
    }
}
