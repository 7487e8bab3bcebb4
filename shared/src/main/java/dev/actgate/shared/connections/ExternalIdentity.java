package dev.actgate.shared.connections;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Which account at the external app a connection belongs to, as the app reported it (login, email, …). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExternalIdentity(String id, String login, String email, String name) {
}
