package dev.actgate.shared.sam;

import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.LambdaApplicationContextBuilder;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;

/**
 * The Lambda handler of every actgate function (template.yaml's {@code Handler}): Micronaut's API Gateway HTTP API
 * (payload 2.0) handler with one change — beans are created when first needed instead of all at init.
 *
 * <p>Micronaut's {@link LambdaApplicationContextBuilder} turns on {@code eagerInitSingletons}, so every singleton on
 * the class path is built before the first request: all of {@code shared}'s repositories, services, the KMS and HTTP
 * clients, the credential master key… in every function, whichever of them its routes use (the run-logs function
 * built the credential store it never touches). That was most of each function's cold-start init
 * (docs/benchmarks.md). With it off, a cold start builds what its first request injects; the rest is built on the
 * first request that needs it. SnapStart loses nothing: {@link SnapStartPriming} (a {@code @Context} bean, still
 * eager) runs each function's routes before the snapshot, which builds the beans those routes use.
 */
public class FunctionHandler extends APIGatewayV2HTTPEventFunction {

    @Override
    protected ApplicationContextBuilder newApplicationContextBuilder() {
        return new LambdaApplicationContextBuilder().eagerInitSingletons(false);
    }
}
