package dev.actgate.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.actgate.testing.SamTemplate;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** One function of template.yaml, loaded from its module's Lambda class path and invoked through its real handler. */
final class LocalFunction implements AutoCloseable {
    final SamTemplate.FunctionDef definition;
    private final FunctionClassLoader loader;
    private final RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler;
    final long startMillis;

    @SuppressWarnings("unchecked")
    LocalFunction(Path root, SamTemplate.FunctionDef definition) throws Exception {
        this.definition = definition;
        this.loader = new FunctionClassLoader(definition.logicalId(), classPath(root.resolve(definition.moduleDir())),
            LocalFunction.class.getClassLoader());
        long t0 = System.nanoTime();
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(loader);
        try {
            Class<?> type = loader.loadClass(definition.handler());
            this.handler = (RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>) type.getConstructor().newInstance();
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
        this.startMillis = (System.nanoTime() - t0) / 1_000_000;
    }

    /** The module's compiled classes plus target/lambda/lib (what the Lambda archive contains). */
    static URL[] classPath(Path module) throws IOException {
        Path lib = module.resolve("target/lambda/lib");
        Path classes = module.resolve("target/classes");
        if (!Files.isDirectory(lib)) {
            throw new IllegalStateException(module + " is not built: run 'mvn -DskipTests package' (scripts/dev does this)");
        }
        List<URL> urls = new ArrayList<>();
        if (Files.isDirectory(classes)) {
            urls.add(toUrl(classes));
        }
        try (Stream<Path> jars = Files.list(lib)) {
            jars.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(p -> urls.add(toUrl(p)));
        }
        return urls.toArray(URL[]::new);
    }

    private static URL toUrl(Path p) {
        try {
            return p.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    APIGatewayV2HTTPResponse invoke(APIGatewayV2HTTPEvent event, Context context) {
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(loader);
        try {
            return handler.handleRequest(event, context);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    @Override
    public void close() throws IOException {
        if (handler instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                // shutting down
            }
        }
        // The class loader is not closed: the function's Netty threads finish shutting down after close() returns
        // and still load classes; it is garbage once they are gone.
    }
}
