package dev.actgate.shared.dispatch;

import dev.actgate.shared.actions.ActionDefinition;
import dev.actgate.shared.connections.Connection;

import java.util.Optional;

/**
 * What a dispatch runs: the action (null for inline api/code) and the connection, when one was named or found.
 * A missing connection is not an error here, because the action's input is checked first (the caller's mistake in
 * the input is reported before "no connection").
 */
public record DispatchTarget(ActionDefinition action, Optional<Connection> connection) {
}
