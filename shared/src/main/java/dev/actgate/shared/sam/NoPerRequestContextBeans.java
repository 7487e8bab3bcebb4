package dev.actgate.shared.sam;

import com.amazonaws.services.lambda.runtime.Context;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.function.aws.DefaultLambdaContextFactory;
import io.micronaut.function.aws.LambdaContextFactory;
import jakarta.inject.Singleton;

/**
 * Removes Micronaut's per-invocation framework tax (issue 16). On every request the Lambda handler calls
 * {@code HandlerUtils.configureWithContext}, whose default {@link DefaultLambdaContextFactory} registers the invocation's
 * Lambda {@link Context} and its logger as singletons of the application context — each registration an uncached
 * bean-candidate search — so that beans could inject them. No actgate bean injects either (the request-scoped data
 * actgate needs comes from the HTTP request), and a JFR profile of warm {@code /act} put ≈ 43 % of the handler
 * thread's CPU samples there (docs/benchmarks.md). This replacement registers nothing.
 */
@Singleton
@Replaces(DefaultLambdaContextFactory.class)
final class NoPerRequestContextBeans implements LambdaContextFactory {
    @Override
    public void registerSingletons(Context context) {
        // Deliberately nothing: see the class comment. Inject the Lambda Context nowhere.
    }
}
