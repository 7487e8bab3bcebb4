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
    /** SCREEN: the hosted connect pages — the token comes in the form (or a single-use connect link), and the answers are HTML pages. */
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
        // operating actgate (docs/operating.md): the overview takes any token; the console's static files and the API
        // contract are anonymous, like the hosted screens (they hold no data)
        Map.entry("GET /action-run-logs/stats", Access.TENANT),
        Map.entry("GET /console", Access.SCREEN),
        Map.entry("GET /console/{file}", Access.SCREEN),
        Map.entry("GET /openapi.json", Access.SCREEN),
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
        Map.entry("POST /connect-sessions", Access.TENANT),
        Map.entry("POST /screens/connect/submit", Access.SCREEN),
        Map.entry("GET /screens/connect/oauth/start", Access.SCREEN),
        Map.entry("GET /oauth/callback", Access.SCREEN),
        // approval gates (docs/approvals.md): rules and webhook are manager-only; approvals are read by any token
        // (scoped to its tenant) and decided by managers or approver tokens (checked by the service); the page is a screen
        Map.entry("GET /approval-policies", Access.MANAGER),
        Map.entry("POST /approval-policies", Access.MANAGER),
        Map.entry("GET /approval-policies/{id}", Access.MANAGER),
        Map.entry("PUT /approval-policies/{id}", Access.MANAGER),
        Map.entry("DELETE /approval-policies/{id}", Access.MANAGER),
        Map.entry("GET /approval-webhook", Access.MANAGER),
        Map.entry("PUT /approval-webhook", Access.MANAGER),
        Map.entry("DELETE /approval-webhook", Access.MANAGER),
        Map.entry("GET /approvals", Access.ANY),
        Map.entry("GET /approvals/{id}", Access.ANY),
        Map.entry("POST /approvals/{id}/approve", Access.ANY),
        Map.entry("POST /approvals/{id}/deny", Access.ANY),
        Map.entry("GET /screens/approval/{id}", Access.SCREEN),
        Map.entry("POST /screens/approval/{id}", Access.SCREEN),
        // vendor dialects (the tenant is named in the request; server credentials or any valid token), their credentials
        Map.entry("GET /connections/{selector}/proxy", Access.TENANT),
        Map.entry("POST /connections/{selector}/proxy", Access.TENANT),
        Map.entry("PUT /connections/{selector}/proxy", Access.TENANT),
        Map.entry("PATCH /connections/{selector}/proxy", Access.TENANT),
        Map.entry("DELETE /connections/{selector}/proxy", Access.TENANT),
        Map.entry("POST /v1/connect/{project_id}/actions/run", Access.ANY),
        Map.entry("GET /v1/connect/{project_id}/actions", Access.ANY),
        Map.entry("GET /v1/connect/{project_id}/actions/{component_id}", Access.ANY),
        Map.entry("GET /v1/connect/{project_id}/accounts", Access.ANY),
        Map.entry("GET /v1/connect/{project_id}/accounts/{account_id}", Access.ANY),
        Map.entry("DELETE /v1/connect/{project_id}/accounts/{account_id}", Access.ANY),
        Map.entry("GET /v1/connect/{project_id}/proxy/{url_64+}", Access.ANY),
        Map.entry("POST /v1/connect/{project_id}/proxy/{url_64+}", Access.ANY),
        Map.entry("PUT /v1/connect/{project_id}/proxy/{url_64+}", Access.ANY),
        Map.entry("PATCH /v1/connect/{project_id}/proxy/{url_64+}", Access.ANY),
        Map.entry("DELETE /v1/connect/{project_id}/proxy/{url_64+}", Access.ANY),
        Map.entry("GET /api/v2/actions", Access.ANY),
        Map.entry("GET /api/v2/actions/{action}", Access.ANY),
        Map.entry("POST /api/v2/actions/{action}/execute", Access.ANY),
        Map.entry("GET /api/v1/apps/{app}", Access.ANY),
        Map.entry("GET /api/v1/connectedAccounts", Access.ANY),
        Map.entry("GET /api/v1/connectedAccounts/{id}", Access.ANY),
        Map.entry("GET /api/v3.1/tools", Access.ANY),
        Map.entry("GET /api/v3.1/tools/{slug}", Access.ANY),
        Map.entry("POST /api/v3.1/tools/execute/{slug}", Access.ANY),
        Map.entry("GET /api/v3.1/connected_accounts", Access.ANY),
        Map.entry("GET /api/v3.1/connected_accounts/{id}", Access.ANY),
        Map.entry("POST /api/v1/actions/execute", Access.ANY),
        Map.entry("GET /api/v1/integrations", Access.ANY),
        Map.entry("POST /v1/oauth/token", Access.ANY),
        Map.entry("POST /api-keys", Access.MANAGER),
        Map.entry("GET /api-keys", Access.MANAGER),
        Map.entry("DELETE /api-keys/{id}", Access.MANAGER),
        Map.entry("POST /oauth-clients", Access.MANAGER),
        Map.entry("GET /oauth-clients", Access.MANAGER),
        Map.entry("DELETE /oauth-clients/{id}", Access.MANAGER),
        // AI agents (docs/mcp.md): tenant tokens only; GET/DELETE /mcp answer 405 to everyone
        Map.entry("POST /mcp", Access.TENANT),
        Map.entry("GET /mcp", Access.ANY),
        Map.entry("DELETE /mcp", Access.ANY),
        Map.entry("GET /tools", Access.TENANT),
        Map.entry("POST /tools/execute", Access.TENANT),
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
