package dev.actgate.connections;

import dev.actgate.shared.credentials.CredentialCipher;
import dev.actgate.shared.credentials.DataKey;
import dev.actgate.shared.credentials.LocalMasterKeyProvider;
import dev.actgate.shared.credentials.MasterKeyProvider;
import dev.actgate.shared.credentials.SecretBinding;
import dev.actgate.shared.storage.Ids;
import dev.actgate.shared.testing.FunctionHarness;
import dev.actgate.shared.testing.TestStorage;
import dev.actgate.shared.testing.TestWorkspaces;
import dev.actgate.shared.workspaces.DynamoWorkspaceRepository;
import dev.actgate.shared.workspaces.Workspace;
import dev.actgate.shared.workspaces.WorkspaceService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Workspace secrets are sealed at rest with the credential envelope encryption (issue 11, item 8): the raw item in
 * DynamoDB Local holds no secret bytes, tokens still verify through the real handler, old plain-text items keep
 * working and are sealed on their next write, rotation still works, and a warm read pays no key-service call.
 */
class WorkspaceSecretsAtRestIntegrationTest {
    static FunctionHarness fn;

    @BeforeAll
    static void start() {
        fn = FunctionHarness.start(Map.of());
    }

    @AfterAll
    static void stop() {
        fn.close();
    }

    static Map<String, AttributeValue> rawItem(String key) {
        return TestStorage.client().getItem(b -> b.tableName(TestStorage.tableNames().workspaces())
            .key(Map.of("pk", AttributeValue.fromS(key))).consistentRead(true)).item();
    }

    /** The secret in every spelling it could be stored in: as typed, its bytes in base64, and base64url. */
    static void assertNoSecretIn(Map<String, AttributeValue> item, String secret) {
        String raw = item.toString();
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        for (String spelling : new String[] {secret, Base64.getEncoder().encodeToString(bytes),
            Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), secret.substring(0, 16)}) {
            assertFalse(raw.contains(spelling), "the stored workspace item contains the secret (" + spelling.length() + " chars)");
        }
    }

    static int status(String token) {
        return fn.request("GET", "/connections").bearer(token).send().status();
    }

    @Test
    void newWorkspacesAreStoredSealedAndTheirTokensVerify() {
        Workspace ws = TestWorkspaces.create();
        Map<String, AttributeValue> item = rawItem(ws.key());
        assertNull(item.get("secrets"), "no plain-text secrets attribute");
        assertNotNull(item.get("sealedSecrets"), item.keySet().toString());
        assertNoSecretIn(item, TestWorkspaces.secret(ws));
        assertEquals(200, status(TestWorkspaces.tenantToken(ws, "alice")));
    }

    @Test
    void anOldPlainItemStillWorksAndIsSealedOnItsNextWriteAndRotationWorks() throws Exception {
        // written the way actgate stored workspaces before sealing
        WorkspaceService plain = new WorkspaceService(new DynamoWorkspaceRepository(TestStorage.enhanced(),
            TestStorage.tableNames(), TestStorage.JSON));
        Workspace old = plain.create("ws-plain-" + Ids.randomToken(6).toLowerCase().replaceAll("[^a-z0-9]", "x"), "Old");
        String first = TestWorkspaces.secret(old);
        assertTrue(rawItem(old.key()).get("secrets").s().contains(first), "the old form is plain text");
        String firstToken = TestWorkspaces.tenantToken(old, "alice");
        assertEquals(200, status(firstToken), "an old plain item still verifies");

        WorkspaceService sealed = TestWorkspaces.service();
        Workspace rotated = sealed.rotateSecret(sealed.find(old.key()).orElseThrow());
        String second = TestWorkspaces.secret(rotated);
        Map<String, AttributeValue> item = rawItem(old.key());
        assertNull(item.get("secrets"), "the next write sealed it");
        assertNoSecretIn(item, first);
        assertNoSecretIn(item, second);
        Thread.sleep(1_100);   // the function read this workspace just now: a fresh read waits out its one-second guard
        assertEquals(200, status(TestWorkspaces.tenantToken(rotated, "alice")), "the new secret verifies");
        Thread.sleep(1_100);   // a token signed with the older secret forces a fresh read, at most once a second
        assertEquals(200, status(firstToken), "during a rotation the older secret still verifies");

        Workspace again = sealed.rotateSecret(sealed.find(old.key()).orElseThrow());
        assertEquals(2, again.secrets().size());
        Thread.sleep(1_100);
        assertEquals(401, status(firstToken), "the retired secret stops working");
        assertEquals(200, status(TestWorkspaces.tenantToken(again, "alice")));
        assertNoSecretIn(rawItem(old.key()), TestWorkspaces.secret(again));
    }

    @Test
    void aWarmReadPaysNoKeyServiceCallAndASealedItemOpensOnlyForItsWorkspace() {
        Workspace ws = TestWorkspaces.create();
        AtomicInteger unwraps = new AtomicInteger();
        MasterKeyProvider file = new LocalMasterKeyProvider(Path.of(TestStorage.masterKeyFile()));
        MasterKeyProvider counting = new MasterKeyProvider() {
            @Override
            public DataKey newDataKey(SecretBinding binding) {
                return file.newDataKey(binding);
            }

            @Override
            public byte[] unwrap(String keyId, byte[] wrappedKey, SecretBinding binding) {
                unwraps.incrementAndGet();
                return file.unwrap(keyId, wrappedKey, binding);
            }
        };
        DynamoWorkspaceRepository repository = new DynamoWorkspaceRepository(TestStorage.enhanced(), TestStorage.tableNames(),
            TestStorage.JSON, new CredentialCipher(counting));
        assertEquals(TestWorkspaces.secret(ws), TestWorkspaces.secret(repository.findByKey(ws.key()).orElseThrow()));
        assertEquals(1, unwraps.get(), "a cold read unwraps the data key once");
        for (int i = 0; i < 5; i++) {
            repository.findByKey(ws.key()).orElseThrow();
        }
        assertEquals(1, unwraps.get(), "warm reads reuse the cached data key: no key-service call");

        // the sealed secrets of one workspace pasted onto another do not open there
        Workspace other = TestWorkspaces.create();
        TestStorage.client().updateItem(b -> b.tableName(TestStorage.tableNames().workspaces())
            .key(Map.of("pk", AttributeValue.fromS(other.key())))
            .updateExpression("SET sealedSecrets = :s")
            .expressionAttributeValues(Map.of(":s", rawItem(ws.key()).get("sealedSecrets"))));
        try {
            repository.findByKey(other.key());
            throw new AssertionError("a sealed secret copied onto another workspace opened");
        } catch (RuntimeException expected) {
            assertFalse(String.valueOf(expected.getMessage()).contains(TestWorkspaces.secret(ws)));
        }
    }
}
