package dev.actgate.shared.dispatch;

/**
 * What a dispatch names, whatever door it came through: at most one action (a saved or catalog action by
 * {@code actionId}, or by {@code actionKey}), an optional pinned {@code version}, and the connection selectors.
 * All fields are optional; inline {@code api}/{@code code} dispatches name no action.
 */
public record DispatchSelection(String actionId, String actionKey, Integer version, String connectionId, String connectionKey,
                                String integrationId, String integrationKey) {
}
