package dev.actgate.shared.actions;

import java.time.Instant;

/**
 * One immutable revision of a saved action. Revision 1 is written with the action; every change of its content
 * writes the next one (never overwritten, kept while the action is archived), and the action record names its
 * current revision. {@code /act} may pin any revision with {@code version}.
 */
public record ActionRevision(String actionId, int revision, ActionContent content, Instant createdAt) {
}
