package dev.actgate.shared.credentials;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.DecryptRequest;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyRequest;
import software.amazon.awssdk.services.kms.model.KmsException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KmsMasterKeyProviderTest {
    private static final byte[] SECRET = "sk_live_kms_protected".getBytes(StandardCharsets.UTF_8);
    private static final SecretBinding BINDING = new SecretBinding("ws_1", "tenant-a", "conn_1");
    private static final Map<String, String> CONTEXT =
        Map.of("workspaceId", "ws_1", "tenantKey", "tenant-a", "recordId", "conn_1");

    final FakeKmsClient kms = new FakeKmsClient();
    final KmsMasterKeyProvider provider = new KmsMasterKeyProvider(kms, "alias/actgate-credentials");

    @Test
    void generateDataKeyAsksForAes256UnderTheConfiguredKeyWithTheBindingAsContext() {
        DataKey dk = provider.newDataKey(BINDING);
        GenerateDataKeyRequest request = kms.generateRequests.get(0);
        assertEquals("alias/actgate-credentials", request.keyId());
        assertEquals(DataKeySpec.AES_256, request.keySpec());
        assertEquals(CONTEXT, request.encryptionContext());
        assertEquals(32, dk.plaintextKey().length);
        assertEquals(FakeKmsClient.KEY_ARN, dk.keyId(), "the record names the key ARN, not the alias");
    }

    @Test
    void decryptPassesTheSameContextAndTheRecordedKeyId() {
        SealedSecret sealed = new CredentialCipher(provider).seal(SECRET, BINDING);
        assertEquals(FakeKmsClient.KEY_ARN, sealed.keyId());
        assertArrayEquals(SECRET, new CredentialCipher(provider).open(sealed, BINDING));
        DecryptRequest request = kms.decryptRequests.get(0);
        assertEquals(CONTEXT, request.encryptionContext());
        assertEquals(FakeKmsClient.KEY_ARN, request.keyId());
        assertArrayEquals(Base64.getDecoder().decode(sealed.wrappedKey()), request.ciphertextBlob().asByteArray());
    }

    @Test
    void decryptWithAnotherContextIsRefused() {
        DataKey dk = provider.newDataKey(BINDING);
        for (SecretBinding other : new SecretBinding[] {
            new SecretBinding("ws_1", "tenant-a", "conn_2"),
            new SecretBinding("ws_1", "tenant-b", "conn_1"),
            new SecretBinding("ws_2", "tenant-a", "conn_1")}) {
            CredentialsUnavailableException e = assertThrows(CredentialsUnavailableException.class,
                () -> provider.unwrap(dk.keyId(), dk.wrappedKey(), other));
            assertFalse(e.retryable());
            assertTrue(e.getMessage().contains("InvalidCiphertextException"), e.getMessage());
            assertEquals(other.encryptionContext(), kms.decryptRequests.get(kms.decryptRequests.size() - 1)
                .encryptionContext());
        }
        assertArrayEquals(dk.plaintextKey(), provider.unwrap(dk.keyId(), dk.wrappedKey(), BINDING));
    }

    @Test
    void sealedSecretMovedToAnotherRecordDoesNotOpen() {
        SealedSecret sealed = new CredentialCipher(provider).seal(SECRET, BINDING);
        assertThrows(CredentialsUnavailableException.class,
            () -> new CredentialCipher(provider).open(sealed, new SecretBinding("ws_1", "tenant-a", "conn_2")));
    }

    @Test
    void wrongKeyIdIsRefused() {
        DataKey dk = provider.newDataKey(BINDING);
        assertThrows(CredentialsUnavailableException.class,
            () -> provider.unwrap("arn:aws:kms:eu-west-1:111122223333:key/other", dk.wrappedKey(), BINDING));
    }

    @Test
    void transientFailuresAreRetryableAndPermanentOnesAreNot() {
        kms.failWith = KmsException.builder().statusCode(400)
            .awsErrorDetails(AwsErrorDetails.builder().errorCode("ThrottlingException").build())
            .message("Rate exceeded").build();
        CredentialsUnavailableException throttled = assertThrows(CredentialsUnavailableException.class,
            () -> provider.newDataKey(BINDING));
        assertTrue(throttled.retryable());

        kms.failWith = SdkClientException.create("Unable to execute HTTP request: connect timed out");
        assertTrue(assertThrows(CredentialsUnavailableException.class, () -> provider.newDataKey(BINDING)).retryable());

        kms.failWith = KmsException.builder().statusCode(500)
            .awsErrorDetails(AwsErrorDetails.builder().errorCode("KMSInternalException").build()).build();
        assertTrue(assertThrows(CredentialsUnavailableException.class,
            () -> provider.unwrap(FakeKmsClient.KEY_ARN, new byte[60], BINDING)).retryable());

        kms.failWith = KmsException.builder().statusCode(400)
            .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDeniedException").build()).build();
        CredentialsUnavailableException denied = assertThrows(CredentialsUnavailableException.class,
            () -> provider.newDataKey(BINDING));
        assertFalse(denied.retryable());
        assertTrue(denied.getMessage().contains("AccessDeniedException"), denied.getMessage());
    }

    @Test
    void cachedCipherCallsKmsOncePerRecord() {
        SealedSecret sealed = new CredentialCipher(provider).seal(SECRET, BINDING);
        CredentialCipher warm = new CredentialCipher(provider);
        for (int i = 0; i < 20; i++) {
            assertArrayEquals(SECRET, warm.open(sealed, BINDING));
        }
        assertEquals(1, kms.decryptRequests.size());
    }

    @Test
    void rejectsEmptyKeyId() {
        assertThrows(IllegalArgumentException.class, () -> new KmsMasterKeyProvider(kms, " "));
    }
}
