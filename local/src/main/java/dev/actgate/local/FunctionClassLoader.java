package dev.actgate.local;

import java.net.URL;
import java.net.URLClassLoader;

/**
 * Loads one function from its own Lambda class path, isolated from the runtime's class path (its parent is the
 * JDK's platform loader), so the four functions run side by side in one JVM each with exactly its own
 * dependencies, as four Lambdas would. Only the Lambda runtime interfaces and event types come from the runtime,
 * as the real Lambda runtime provides them to a handler.
 */
final class FunctionClassLoader extends URLClassLoader {
    private static final String SHARED_PREFIX = "com.amazonaws.services.lambda.runtime.";
    private final ClassLoader runtime;

    FunctionClassLoader(String name, URL[] urls, ClassLoader runtime) {
        super(name, urls, ClassLoader.getPlatformClassLoader());
        this.runtime = runtime;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (name.startsWith(SHARED_PREFIX)) {
            return runtime.loadClass(name);
        }
        return super.loadClass(name, resolve);
    }
}
