package dev.actgate.act;

import com.amazonaws.services.lambda.runtime.Context;
import dev.actgate.testing.HttpApiEvents;
import dev.actgate.shared.testing.FunctionHarness;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The act handler invoked with a Lambda {@link Context}, as Lambda invokes it: the invocation's context is not
 * registered as a bean per request (NoPerRequestContextBeans; the per-invocation framework tax of issue 16).
 */
class PerInvocationWorkIntegrationTest {
    @Test
    void theLambdaContextIsNotRegisteredAsABeanPerRequest() {
        try (FunctionHarness act = FunctionHarness.start()) {
            APIGatewayV2HTTPEventFunction handler = new APIGatewayV2HTTPEventFunction(act.context());
            Context lambda = (Context) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Context.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getRemainingTimeInMillis" -> 30_000;
                    case "getMemoryLimitInMB" -> 2048;
                    case "hashCode" -> 1;
                    case "equals" -> proxy == args[0];
                    default -> method.getReturnType() == String.class ? "test-" + method.getName() : null;
                });
            for (int i = 0; i < 3; i++) {
                var event = HttpApiEvents.request("POST", "/act", "", Map.of("Content-Type", List.of("application/json")),
                    "{}".getBytes(StandardCharsets.UTF_8), "POST /act", null, "127.0.0.1");
                assertEquals(401, handler.handleRequest(event, lambda).getStatusCode());
            }
            assertFalse(act.context().containsBean(Context.class), "no per-request Context singleton");
        }
    }
}
