package dev.actgate.shared.auth;

/** The two roles a token can carry. Manager tokens ({@code isAdmin: true}) may also act as a tenant. */
public final class Roles {
    public static final String TENANT = "TENANT";
    public static final String MANAGER = "MANAGER";

    private Roles() {
    }
}
