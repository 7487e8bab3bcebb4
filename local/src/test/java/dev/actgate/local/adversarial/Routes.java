package dev.actgate.local.adversarial;

import dev.actgate.testing.SamTemplate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every HttpApi route of template.yaml, classified: who may call it. The suite reads the template and fails when a
 * route appears that is not classified here, so a new route cannot slip past the JWT and fuzz categories.
 */
final class Routes {
    /** SCREEN: the hosted connect pages — the token comes in the form or the link, and the answers are HTML pages. */
    enum Access { TENANT, MANAGER, ANY, SCREEN, CATCH_ALL }

    record Route(String method, String path, String function, Access access) {
        String key() {
            return method + " " + path;
        }
    }

    /** Manager-only routes (micronaut-security {@code @Secured(MANAGER)}); everything else takes any valid token. */
    static final Map<String, Access> ACCESS = Map.ofEntries(
        Map.entry("POST /integrations", Access.MANAGER),
        Map.entry("PATCH /integrations/{selector}", Access.MANAGER),
        Map.entry("PUT /integrations/{selector}", Access.MANAGER),
        Map.entry("DELETE /integrations/{selector}", Access.MANAGER),
        Map.entry("POST /integrations/{selector}/restore", Access.MANAGER),
        Map.entry("PATCH /integrations/{selector}/parameters", Access.MANAGER),
        Map.entry("GET /integrations", Access.ANY),
        Map.entry("GET /integrations/{selector}", Access.ANY),
        Map.entry("GET /integrations/{selector}/parameters", Access.ANY),
        Map.entry("GET /connectors", Access.ANY),
        Map.entry("GET /connectors/{key}", Access.ANY),
        Map.entry("GET /actions", Access.ANY),
        Map.entry("POST /act", Access.TENANT),
        Map.entry("POST /actions/{selector}/run", Access.TENANT),
        Map.entry("POST /connections/{selector}/actions/{key}/run", Access.TENANT),
        Map.entry("GET /connections/{selector}/proxy/{path+}", Access.TENANT),
        Map.entry("POST /connections/{selector}/proxy/{path+}", Access.TENANT),
        Map.entry("PUT /connections/{selector}/proxy/{path+}", Access.TENANT),
        Map.entry("PATCH /connections/{selector}/proxy/{path+}", Access.TENANT),
        Map.entry("DELETE /connections/{selector}/proxy/{path+}", Access.TENANT),
        Map.entry("GET /connections", Access.TENANT),
        Map.entry("POST /connections", Access.TENANT),
        Map.entry("GET /connections/{selector}", Access.TENANT),
        Map.entry("PATCH /connections/{selector}", Access.TENANT),
        Map.entry("PUT /connections/{selector}", Access.TENANT),
        Map.entry("DELETE /connections/{selector}", Access.TENANT),
        Map.entry("POST /connections/{selector}/restore", Access.TENANT),
        Map.entry("POST /connections/{selector}/refresh", Access.TENANT),
        Map.entry("POST /connections/{selector}/refresh-credentials", Access.TENANT),
        Map.entry("GET /action-run-logs", Access.TENANT),
        Map.entry("GET /action-run-logs/{id}", Access.TENANT),
        Map.entry("GET /action-run-logs/{id}/details", Access.TENANT),
        Map.entry("POST /connections/{selector}/api/{path+}", Access.TENANT),
        Map.entry("POST /actions", Access.MANAGER),
        Map.entry("GET /actions/{selector}", Access.ANY),
        Map.entry("PATCH /actions/{selector}", Access.MANAGER),
        Map.entry("PUT /actions/{selector}", Access.MANAGER),
        Map.entry("DELETE /actions/{selector}", Access.MANAGER),
        Map.entry("POST /actions/{selector}/restore", Access.MANAGER),
        Map.entry("GET /actions/{selector}/revisions", Access.ANY),
        Map.entry("GET /action", Access.ANY),
        Map.entry("GET /integrations/{selector}/actions", Access.ANY),
        Map.entry("POST /integrations/{selector}/actions", Access.MANAGER),
        Map.entry("GET /connections/{selector}/actions", Access.TENANT),
        Map.entry("POST /screens/connect", Access.SCREEN),
        Map.entry("GET /screens/connect", Access.SCREEN),
        Map.entry("POST /screens/connect/submit", Access.SCREEN),
        Map.entry("GET /screens/connect/oauth/start", Access.SCREEN),
        Map.entry("GET /oauth/callback", Access.SCREEN),
        Map.entry("ANY /{proxy+}", Access.CATCH_ALL));

    private Routes() {
    }

    /** template.yaml's routes; throws when one is not classified above. */
    static List<Route> all(Path root) {
        List<Route> out = new ArrayList<>();
        List<String> unclassified = new ArrayList<>();
        for (SamTemplate.FunctionDef f : SamTemplate.load(root.resolve("template.yaml"), "actgate").functions()) {
            for (SamTemplate.Route r : f.routes()) {
                Access access = ACCESS.get(r.method() + " " + r.path());
                if (access == null) {
                    unclassified.add(r.method() + " " + r.path());
                } else {
                    out.add(new Route(r.method(), r.path(), f.logicalId(), access));
                }
            }
        }
        if (!unclassified.isEmpty()) {
            throw new IllegalStateException("template.yaml has routes the adversarial suite does not know: " + unclassified
                + " — classify them in Routes.ACCESS");
        }
        return out;
    }

    static List<Route> manager(Path root) {
        return all(root).stream().filter(r -> r.access() == Access.MANAGER).toList();
    }
}
