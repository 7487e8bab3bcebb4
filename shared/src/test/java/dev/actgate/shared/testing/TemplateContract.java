package dev.actgate.shared.testing;

import dev.actgate.testing.SamTemplate;
import io.micronaut.context.ApplicationContext;
import io.micronaut.web.router.Router;

import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * template.yaml is the single source of truth for routes: every route it gives a function is served by one of
 * that function's controllers, and every controller route of the function is in the template. The one exception
 * is the catch-all {@code ANY /{proxy+}} route, which only exists so that unknown paths get actgate's 404 body.
 */
public final class TemplateContract {
    public static final String CATCH_ALL = "ANY /{*}";

    private TemplateContract() {
    }

    /** @param moduleDir the function's module, as its CodeUri names it (e.g. {@code functions/act}) */
    public static void assertRoutesMatch(String moduleDir) throws ClassNotFoundException {
        SamTemplate template = TestStorage.template();
        SamTemplate.FunctionDef fn = template.functions().stream().filter(f -> f.moduleDir().equals(moduleDir)).findFirst()
            .orElseThrow(() -> new AssertionError("template.yaml has no function with CodeUri under " + moduleDir));
        assertNotNull(Class.forName(fn.handler()), "handler class " + fn.handler());
        Set<String> declared = fn.routes().stream().map(r -> normalize(r.method(), r.path()))
            .filter(r -> !r.equals(CATCH_ALL)).collect(Collectors.toCollection(TreeSet::new));
        Set<String> served;
        try (ApplicationContext ctx = ApplicationContext.builder().properties(TestStorage.properties()).start()) {
            served = ctx.getBean(Router.class).uriRoutes()
                // Micronaut answers HEAD for every GET on its own; HTTP API routes them with the GET.
                .filter(r -> !"HEAD".equals(r.getHttpMethodName()))
                .map(r -> normalize(r.getHttpMethodName(), r.getUriMatchTemplate().toPathString()))
                .collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(declared, served, "routes in template.yaml (left) vs controllers of " + moduleDir + " (right)");
    }

    /** {@code /connections/{sel}} and {@code /connections/{id}} are the same route; greedy params compare equal too. */
    static String normalize(String method, String path) {
        String p = path.replaceAll("\\{[^}/]+\\+}", "{*}")   // API Gateway greedy: {proxy+}
            .replaceAll("\\{\\+[^}/]+}", "{*}")             // Micronaut greedy: {+path}
            .replaceAll("\\{[^}/*]+}", "{}");
        if (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return method.toUpperCase() + " " + p;
    }
}
