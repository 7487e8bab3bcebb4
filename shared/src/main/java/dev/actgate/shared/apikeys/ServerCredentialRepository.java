package dev.actgate.shared.apikeys;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Server credentials, looked up by id (the id is part of the presented value) and listed per workspace. */
public interface ServerCredentialRepository {

    void create(ServerCredential credential);

    Optional<ServerCredential> find(String id, ServerCredential.Kind kind);

    /** The workspace's credentials of one kind, oldest first (access tokens are never listed). */
    List<ServerCredential> list(String workspaceId, ServerCredential.Kind kind);

    /** Sets revokedAt, only if the credential belongs to the workspace; false when there is no such credential. */
    boolean revoke(String workspaceId, String id, ServerCredential.Kind kind, Instant at);

    /** Records a use; a no-op when someone else recorded a later one meanwhile. */
    void touch(ServerCredential credential, Instant at);
}
