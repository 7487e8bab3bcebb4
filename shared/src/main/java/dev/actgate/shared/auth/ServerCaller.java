package dev.actgate.shared.auth;

import dev.actgate.shared.apikeys.ApiCredentialService;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorCode;
import io.micronaut.security.authentication.Authentication;

import java.util.List;

/**
 * The caller of a vendor-dialect request. Those APIs name the end user in the request ({@code external_user_id},
 * {@code user_uuid}/{@code entityId}, {@code user_id}, {@code endUserId}); this turns that name and the request's
 * authentication into a {@link Caller}:
 * <ul>
 *   <li>a server credential (API key, OAuth client token) acts for the named tenant of its workspace, never as a
 *       manager;</li>
 *   <li>a tenant JWT acts only for its own tenant: naming another one is refused (403);</li>
 *   <li>a manager JWT may name any tenant of its workspace.</li>
 * </ul>
 */
public final class ServerCaller {
    public static final String ROLE = "SERVER";
    static final String ATTR_SERVER_CREDENTIAL = "serverCredential";
    static final String ATTR_SERVER_CREDENTIAL_TYPE = "serverCredentialType";

    private ServerCaller() {
    }

    static Authentication authentication(ApiCredentialService.Principal p) {
        return Authentication.build("server:" + p.credentialId(), List.of(ROLE),
            ServerCredentialAuthenticationFetcher.attributes(p));
    }

    public static boolean isServerCredential(Authentication a) {
        return a != null && a.getAttributes().containsKey(ATTR_SERVER_CREDENTIAL);
    }

    /** The server credential's id (API key id or OAuth client id), or null for a JWT. */
    public static String credentialId(Authentication a) {
        return a == null ? null : (String) a.getAttributes().get(ATTR_SERVER_CREDENTIAL);
    }

    /**
     * @param tenant the tenant the request names (null when it names none)
     * @param field  the request's name for it, for the error message
     */
    public static Caller actingFor(Authentication authentication, String tenant, String field) {
        Caller base = Caller.of(authentication);
        boolean named = tenant != null && !tenant.isBlank();
        if (named && tenant.length() > 256) {
            throw ApiException.validation(field + " must be at most 256 characters");
        }
        if (isServerCredential(authentication)) {
            if (!named) {
                throw ApiException.validation(field + " is required: it names the end user (actgate tenant) to act for");
            }
            return new Caller(base.workspaceId(), base.workspaceKey(), tenant, false);
        }
        if (!named) {
            if (base.tenantKey() == null) {
                throw ApiException.validation(field + " is required: it names the end user (actgate tenant) to act for");
            }
            return base;
        }
        if (base.manager()) {
            return new Caller(base.workspaceId(), base.workspaceKey(), tenant, true);
        }
        if (!tenant.equals(base.tenantKey())) {
            throw new ApiException(ErrorCode.FORBIDDEN, field + " names another tenant than the token's: a tenant token acts only for "
                + "its own tenant (use a server API key or a manager token to act for any tenant)");
        }
        return base;
    }
}
