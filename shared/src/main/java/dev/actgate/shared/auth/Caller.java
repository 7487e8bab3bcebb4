package dev.actgate.shared.auth;

import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorCode;
import io.micronaut.security.authentication.Authentication;

import java.util.Map;

/**
 * Who is calling, as established by a verified token: the workspace, the tenant (absent on a pure manager token)
 * and whether the token is a manager token. Every service method takes a Caller, and every storage key built for
 * tenant-owned data comes from {@link #tenantScope()}, so one tenant can never address another's records.
 */
public record Caller(String workspaceId, String workspaceKey, String tenantKey, boolean manager) {

    static final String ATTR_WORKSPACE_ID = "workspaceId";
    static final String ATTR_WORKSPACE_KEY = "workspaceKey";
    static final String ATTR_TENANT_KEY = "tenantKey";
    static final String ATTR_MANAGER = "isAdmin";

    public static Caller of(Authentication authentication) {
        if (authentication == null) {
            throw new ApiException(ErrorCode.UNAUTHORIZED, "Authentication required");
        }
        Map<String, Object> a = authentication.getAttributes();
        return new Caller((String) a.get(ATTR_WORKSPACE_ID), (String) a.get(ATTR_WORKSPACE_KEY),
            (String) a.get(ATTR_TENANT_KEY), Boolean.TRUE.equals(a.get(ATTR_MANAGER)));
    }

    Authentication toAuthentication() {
        Map<String, Object> attributes = new java.util.HashMap<>();
        attributes.put(ATTR_WORKSPACE_ID, workspaceId);
        attributes.put(ATTR_WORKSPACE_KEY, workspaceKey);
        if (tenantKey != null) {
            attributes.put(ATTR_TENANT_KEY, tenantKey);
        }
        attributes.put(ATTR_MANAGER, manager);
        return Authentication.build(tenantKey != null ? tenantKey : "manager",
            manager ? java.util.List.of(Roles.MANAGER, Roles.TENANT) : java.util.List.of(Roles.TENANT), attributes);
    }

    /** The tenant this call acts for; a manager token without a tenant cannot touch tenant-owned records. */
    public String requireTenant() {
        if (tenantKey == null) {
            throw new ApiException(ErrorCode.VALIDATION_ERROR,
                "This operation acts on tenant-owned records: use a token with a tenantKey (manager tokens may carry one too)");
        }
        return tenantKey;
    }

    /**
     * The caller acting on one tenant's records, named by a {@code tenantKey} query parameter: a manager token
     * without a tenant may name any tenant of its workspace (the console's per-tenant views); any other token may
     * only name its own tenant.
     */
    public Caller actingFor(String requestedTenant) {
        if (requestedTenant == null || requestedTenant.isEmpty()) {
            return this;
        }
        if (requestedTenant.length() > 256) {
            throw new ApiException(ErrorCode.VALIDATION_ERROR, "tenantKey must be at most 256 characters");
        }
        if (tenantKey != null) {
            if (!tenantKey.equals(requestedTenant)) {
                throw new ApiException(ErrorCode.FORBIDDEN, "A token may act only for its own tenant");
            }
            return this;
        }
        if (!manager) {
            throw new ApiException(ErrorCode.FORBIDDEN, "Only a manager token may act for another tenant");
        }
        return new Caller(workspaceId, workspaceKey, requestedTenant, true);
    }

    /** Partition value for tenant-owned records: workspace id and tenant key. */
    public String tenantScope() {
        return dev.actgate.shared.storage.Keys.tenantScope(workspaceId, requireTenant());
    }

    public void requireManager() {
        if (!manager) {
            throw new ApiException(ErrorCode.FORBIDDEN,
                "This operation needs a workspace manager token (isAdmin: true); tenant tokens cannot perform it");
        }
    }
}
