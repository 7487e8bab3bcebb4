package dev.actgate.shared.sam;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Context;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SnapStart priming, as AWS recommends it: an org.crac {@link Resource} whose {@link #beforeCheckpoint} runs real
 * requests through this function's Lambda handler (routing, the security filter, the token check with its DynamoDB
 * GetItem, Jackson, the error pipeline) and the function's {@link PrimingStep}s, so the classes they load and the code
 * they JIT-compile are in the snapshot instead of in the first request after a restore.
 *
 * <p>The requests carry a well-formed token for a workspace that does not exist ({@value #WORKSPACE}): they are
 * rejected with 401 after the lookup, so priming writes nothing. One request per function's cheap route; a route of
 * another function answers 404, which is cheap too. Nothing here can fail the snapshot: errors are logged.
 * Without a CRaC-capable runtime (tests, the local runtime, a cold start without SnapStart) the hook never fires.
 */
@Context
public final class SnapStartPriming implements Resource {
    static final String WORKSPACE = "snapstart-priming";
    private static final Logger LOG = LoggerFactory.getLogger(SnapStartPriming.class);
    private static final List<String[]> REQUESTS = List.of(
        new String[] {"POST", "/act", "{}"},
        new String[] {"GET", "/connections", null},
        new String[] {"GET", "/actions", null},
        new String[] {"GET", "/action-run-logs", null});

    private final ApplicationContext context;
    private final List<PrimingStep> steps;

    SnapStartPriming(ApplicationContext context, List<PrimingStep> steps) {
        this.context = context;
        this.steps = steps;
        // The global context keeps this registered for the life of the function (this bean is a singleton of it).
        Core.getGlobalContext().register(this);
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> ignored) {
        long t0 = System.nanoTime();
        Map<String, Object> done = prime();
        LOG.info("SnapStart priming done in {} ms: {}", (System.nanoTime() - t0) / 1_000_000, done);
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> ignored) {
        // Nothing to renew: the SDK opens new connections on demand and no secret is held from before the snapshot.
    }

    /** The HTTP API (payload 2.0) event of one priming request, as API Gateway would send it. */
    static APIGatewayV2HTTPEvent event(String method, String path, String token, String body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("authorization", "Bearer " + token);
        headers.put("host", "localhost");
        if (body != null) {
            headers.put("content-type", "application/json");
        }
        APIGatewayV2HTTPEvent.RequestContext.Http http = APIGatewayV2HTTPEvent.RequestContext.Http.builder()
            .withMethod(method).withPath(path).withProtocol("HTTP/1.1").withSourceIp("127.0.0.1").withUserAgent("actgate-priming").build();
        APIGatewayV2HTTPEvent.RequestContext context = APIGatewayV2HTTPEvent.RequestContext.builder()
            .withAccountId("000000000000").withApiId("priming").withDomainName("localhost").withDomainPrefix("localhost")
            .withHttp(http).withRequestId("priming-" + java.util.UUID.randomUUID()).withRouteKey(method + " " + path)
            .withStage("$default").withTimeEpoch(System.currentTimeMillis()).build();
        return APIGatewayV2HTTPEvent.builder().withVersion("2.0").withRouteKey(method + " " + path).withRawPath(path)
            .withRawQueryString("").withHeaders(headers).withRequestContext(context).withBody(body).withIsBase64Encoded(false).build();
    }

    /** Runs the priming requests and steps; returns what each did (status, or ms for a step, or the error). */
    public Map<String, Object> prime() {
        Map<String, Object> done = new LinkedHashMap<>();
        APIGatewayV2HTTPEventFunction handler = new APIGatewayV2HTTPEventFunction(context);
        String token = unknownWorkspaceToken();
        for (String[] r : REQUESTS) {
            try {
                APIGatewayV2HTTPEvent event = event(r[0], r[1], token, r[2]);
                done.put(r[0] + " " + r[1], handler.handleRequest(event, null).getStatusCode());
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("SnapStart priming request {} {} failed: {}", r[0], r[1], e.toString());
                done.put(r[0] + " " + r[1], e.getClass().getSimpleName());
            }
        }
        for (PrimingStep step : steps) {
            long t0 = System.nanoTime();
            try {
                step.prime();
                done.put(step.name(), (System.nanoTime() - t0) / 1_000_000 + " ms");
            } catch (Exception | LinkageError e) {
                LOG.warn("SnapStart priming step {} failed: {}", step.name(), e.toString());
                done.put(step.name(), e.getClass().getSimpleName());
            }
        }
        return done;
    }

    /** An HS256 token, valid in form, for a workspace that does not exist (signed with a throwaway secret). */
    private static String unknownWorkspaceToken() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        long exp = System.currentTimeMillis() / 1000 + 300;
        String claims = b64.encodeToString(("{\"workspaceKey\":\"" + WORKSPACE + "\",\"tenantKey\":\"priming\",\"exp\":" + exp + "}")
            .getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(java.util.UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String input = header + "." + claims;
            return input + "." + b64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
