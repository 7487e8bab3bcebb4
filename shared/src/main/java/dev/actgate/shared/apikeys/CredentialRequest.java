package dev.actgate.shared.apikeys;

import dev.actgate.shared.json.BodyErrors;
import dev.actgate.shared.json.TypedRequest;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/** The body of {@code POST /api-keys} and {@code POST /oauth-clients}: every field optional, nothing else accepted. */
@TypedRequest
public record CredentialRequest(
    @Nullable @Size(min = 1, max = 256, message = "must be 1-256 characters") @Pattern(regexp = "(?s).*\\S.*", message = "must be 1-256 characters") String name,
    @Nullable String expiresAt,
    @Nullable @Min(value = 1, message = "must be a whole number from 1 to 3650") @Max(value = 3650, message = "must be a whole number from 1 to 3650") Integer expiresInDays) {

    public static final CredentialRequest EMPTY = new CredentialRequest(null, null, null);

    /** When the credential stops working, or null for never; the checks that need the clock or both fields. */
    Instant expiry(Instant now) {
        if (expiresAt != null && expiresInDays != null) {
            throw BodyErrors.of(List.of(new BodyErrors.Violation("/expiresAt", "cannot be sent with expiresInDays: send one of them")));
        }
        if (expiresInDays != null) {
            return now.plus(Duration.ofDays(expiresInDays));
        }
        if (expiresAt == null) {
            return null;
        }
        Instant at;
        try {
            at = Instant.parse(expiresAt);
        } catch (DateTimeParseException e) {
            throw BodyErrors.of(List.of(new BodyErrors.Violation("/expiresAt", "must be an ISO-8601 instant such as 2027-01-31T00:00:00Z")));
        }
        if (!at.isAfter(now)) {
            throw BodyErrors.of(List.of(new BodyErrors.Violation("/expiresAt", "must be in the future")));
        }
        return at;
    }
}
