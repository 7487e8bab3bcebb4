package dev.actgate.shared.connections;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorCode;
import dev.actgate.shared.integrations.AuthSpec;
import dev.actgate.shared.json.TypedBodies;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How a connection write's fields sort into shown fields and credentials to seal, per auth scheme. */
class ConnectionCredentialInputTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static AuthSpec auth(String type, AuthSpec.Field... fields) {
        return new AuthSpec(type, null, null, null, null, null, null, null, null, null, null, null, null, null, null, List.of(fields));
    }

    static final AuthSpec BASIC = auth(AuthSpec.BASIC);
    static final AuthSpec OAUTH = auth(AuthSpec.OAUTH2_CODE, new AuthSpec.Field("subdomain", "Subdomain", false, true, null));
    static final AuthSpec CLIENT_CREDENTIALS = auth(AuthSpec.OAUTH2_CLIENT_CREDENTIALS);

    /** The body bound as the route binds it. */
    static ConnectionRequest body(String json) {
        return TypedBodies.bind(json, ConnectionRequest.class);
    }

    static ConnectionCredentialInput.Split split(AuthSpec auth, String json) throws Exception {
        return ConnectionCredentialInput.split(auth, body(json), null, null, true);
    }

    @Test
    void secretFieldsAreCredentialsAndTheRestIsShown() throws Exception {
        ConnectionCredentialInput.Split s = split(BASIC, "{\"fields\":{\"username\":\"ann\"},\"credentials\":{\"password\":\"pw\"}}");
        assertEquals(Map.of("username", "ann"), s.fields());
        assertEquals(Map.of("password", "pw"), s.credentials().fields());
        assertNull(s.credentials().accessToken());
    }

    @Test
    void missingAndUnknownFieldsAreRefusedByName() {
        ApiException missing = assertThrows(ApiException.class, () -> split(BASIC, "{\"fields\":{\"username\":\"ann\"}}"));
        assertEquals(ErrorCode.VALIDATION_ERROR, missing.code());
        assertTrue(missing.getMessage().contains("Missing credential field(s) for basic auth: password"), missing.getMessage());
        ApiException unknown = assertThrows(ApiException.class,
            () -> split(BASIC, "{\"credentials\":{\"username\":\"a\",\"password\":\"b\",\"pin\":\"1\"}}"));
        assertTrue(unknown.getMessage().startsWith("Unknown credential field(s) for basic auth: pin"), unknown.getMessage());
        assertEquals(ErrorCode.CONFIGURATION_ERROR, assertThrows(ApiException.class, () -> split(null, "{}")).code());
    }

    @Test
    void anIncompleteChangeKeepsWhatIsStored() throws Exception {
        ConnectionCredentials stored = ConnectionCredentials.ofFields(Map.of("password", "old"));
        ConnectionCredentialInput.Split s = ConnectionCredentialInput.split(BASIC, body("{\"fields\":{\"username\":\"bob\"}}"),
            Map.of("username", "ann"), stored, true);
        assertEquals(Map.of("username", "bob"), s.fields());
        assertEquals(Map.of("password", "old"), s.credentials().fields());
    }

    @Test
    void oauthWithoutATokenWaitsForTheConnectFlow() throws Exception {
        ConnectionCredentialInput.Split waiting = split(OAUTH, "{\"fields\":{\"subdomain\":\"acme\"}}");
        assertEquals(Map.of("subdomain", "acme"), waiting.fields());
        assertNull(waiting.credentials());
        ConnectionCredentials stored = new ConnectionCredentials(Map.of(), "at-1", "rt-1", "Bearer", Instant.EPOCH, "read");
        ConnectionCredentialInput.Split kept = ConnectionCredentialInput.split(OAUTH, body("{}"), Map.of(), stored, true);
        assertEquals("at-1", kept.credentials().accessToken());
        assertEquals("read", kept.credentials().scope());
    }

    @Test
    void oauthTokensGivenDirectlyAreSealedWithTheirExpiry() throws Exception {
        Instant before = Instant.now();
        ConnectionCredentials c = split(OAUTH, "{\"credentials\":{\"accessToken\":\"at\",\"refreshToken\":\"rt\",\"expiresIn\":\"60\","
            + "\"tokenType\":\"bearer\"}}").credentials();
        assertEquals("at", c.accessToken());
        assertEquals("rt", c.refreshToken());
        assertEquals("Bearer", c.tokenType());
        assertTrue(!c.expiresAt().isBefore(before.plusSeconds(60)) && !c.expiresAt().isAfter(Instant.now().plusSeconds(60)));
        assertTrue(assertThrows(ApiException.class, () -> split(OAUTH, "{\"credentials\":{\"accessToken\":\"at\",\"expiresIn\":\"soon\"}}"))
            .getMessage().contains("expiresIn must be a number of seconds"));
    }

    @Test
    void clientCredentialsNeedNoTokenUpFront() throws Exception {
        ConnectionCredentialInput.Split s = split(CLIENT_CREDENTIALS, "{\"credentials\":{\"clientId\":\"id\",\"clientSecret\":\"s\"}}");
        assertEquals(Map.of("clientId", "id"), s.fields());
        assertEquals(Map.of("clientSecret", "s"), s.credentials().fields());
        assertNull(s.credentials().accessToken());
    }

    @Test
    void aCredentialValueThatIsNotTextIsRefusedWithItsPointer() {
        ApiException e = assertThrows(ApiException.class,
            () -> split(BASIC, "{\"credentials\":{\"username\":{\"a\":1},\"password\":\"pw\"},\"fields\":[1]}"));
        assertEquals(ErrorCode.VALIDATION_ERROR, e.code());
        assertEquals("credentials.username must be a string; fields must be a JSON object", e.getMessage());
    }
}
