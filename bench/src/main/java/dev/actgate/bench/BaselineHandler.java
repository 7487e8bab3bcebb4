package dev.actgate.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cold-start baseline of {@code scripts/bench-cold-start}: the least a Java Lambda behind API Gateway can do for
 * an authenticated request — a bare {@link RequestHandler} (aws-lambda-java-core, no framework) that makes the
 * same DynamoDB read actgate's token check makes (one consistent GetItem on the workspaces table, plain
 * {@link DynamoDbClient} on the URLConnection transport) and checks the HS256 signature with the JDK. Whatever a
 * function costs above this row is framework, dependency and application start-up.
 *
 * <p>Configuration comes from the same system properties the functions get ({@code aws.services.dynamodb.endpoint-override},
 * {@code aws.region}, {@code aws.access-key-id}, {@code aws.secret-key}) and {@code ACTGATE_TABLES_WORKSPACES}.
 */
public final class BaselineHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private static final Pattern WORKSPACE_KEY = Pattern.compile("\"(?:workspaceKey|iss)\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern SECRET_VALUE = Pattern.compile("\"value\"\\s*:\\s*\"([^\"]+)\"");

    private final DynamoDbClient dynamo;
    private final String table;

    public BaselineHandler() {
        // Static-init work, as a Lambda would do it: one client, reused by every invocation.
        String endpoint = System.getProperty("aws.services.dynamodb.endpoint-override");
        var builder = DynamoDbClient.builder()
            .region(Region.of(System.getProperty("aws.region", "us-east-1")))
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                System.getProperty("aws.access-key-id", "local"), System.getProperty("aws.secret-key", "local"))))
            .httpClient(UrlConnectionHttpClient.create());
        if (endpoint != null) {
            builder.endpointOverride(URI.create(endpoint));
        }
        this.dynamo = builder.build();
        String configured = System.getenv("ACTGATE_TABLES_WORKSPACES");
        this.table = configured != null ? configured : "actgate-workspaces";
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        String auth = event.getHeaders() == null ? null : event.getHeaders().get("authorization");
        if (auth == null || !auth.startsWith("Bearer ")) {
            return respond(401, "{\"code\":\"UNAUTHORIZED\"}");
        }
        String[] parts = auth.substring(7).trim().split("\\.");
        if (parts.length != 3) {
            return respond(401, "{\"code\":\"UNAUTHORIZED\"}");
        }
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        Matcher key = WORKSPACE_KEY.matcher(claims);
        if (!key.find()) {
            return respond(401, "{\"code\":\"UNAUTHORIZED\"}");
        }
        GetItemResponse item = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
            .key(Map.of("pk", AttributeValue.fromS(key.group(1)))));
        if (!item.hasItem() || item.item().get("secrets") == null) {
            return respond(401, "{\"code\":\"UNAUTHORIZED\"}");
        }
        byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
        Matcher secrets = SECRET_VALUE.matcher(item.item().get("secrets").s());
        while (secrets.find()) {
            if (MessageDigest.isEqual(signature, hs256(secrets.group(1), parts[0] + "." + parts[1]))) {
                return respond(200, "{\"workspace\":\"" + key.group(1) + "\"}");
            }
        }
        return respond(401, "{\"code\":\"UNAUTHORIZED\"}");
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
