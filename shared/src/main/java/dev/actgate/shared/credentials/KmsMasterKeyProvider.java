package dev.actgate.shared.credentials;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.DecryptRequest;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyRequest;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.KmsException;

import java.util.Objects;

/**
 * Master key in AWS KMS: {@code GenerateDataKey} (AES_256) and {@code Decrypt}, both with the binding as encryption
 * context, so KMS itself refuses to unwrap a data key for another record (and CloudTrail shows which record each
 * call was for). The key id recorded in a {@link SealedSecret} is the key ARN KMS reports, and {@code Decrypt} names
 * it: a sealed secret keeps opening after the configured key changes, as long as the old key is still usable.
 * Only the functions with the kms library load this class (see {@link KmsMasterKeys}).
 */
public final class KmsMasterKeyProvider implements MasterKeyProvider {
    private final KmsClient kms;
    private final String keyId;

    public KmsMasterKeyProvider(KmsClient kms, String keyId) {
        this.kms = Objects.requireNonNull(kms, "kms");
        if (keyId == null || keyId.isBlank()) {
            throw new IllegalArgumentException("KMS key id must not be empty");
        }
        this.keyId = keyId;
    }

    @Override
    public DataKey newDataKey(SecretBinding binding) {
        Objects.requireNonNull(binding, "binding");
        GenerateDataKeyResponse response;
        try {
            response = kms.generateDataKey(GenerateDataKeyRequest.builder()
                .keyId(keyId)
                .keySpec(DataKeySpec.AES_256)
                .encryptionContext(binding.encryptionContext())
                .build());
        } catch (SdkException e) {
            throw failure("GenerateDataKey", e);
        }
        String usedKey = response.keyId() != null ? response.keyId() : keyId;
        return new DataKey(response.plaintext().asByteArray(), response.ciphertextBlob().asByteArray(), usedKey);
    }

    @Override
    public byte[] unwrap(String keyId, byte[] wrappedKey, SecretBinding binding) {
        Objects.requireNonNull(binding, "binding");
        if (keyId == null || keyId.isEmpty() || wrappedKey == null || wrappedKey.length == 0) {
            throw new CredentialsUnavailableException("wrapped data key is malformed");
        }
        DecryptResponse response;
        try {
            response = kms.decrypt(DecryptRequest.builder()
                .keyId(keyId)
                .ciphertextBlob(SdkBytes.fromByteArray(wrappedKey))
                .encryptionContext(binding.encryptionContext())
                .build());
        } catch (SdkException e) {
            throw failure("Decrypt", e);
        }
        return response.plaintext().asByteArray();
    }

    /**
     * Network trouble, throttling and KMS 5xx are worth a retry; a refused ciphertext, a wrong, disabled or missing
     * key, or denied access are not. KMS messages name keys by id, never key material.
     */
    private static CredentialsUnavailableException failure(String operation, SdkException e) {
        boolean retryable = e instanceof SdkClientException || e.retryable();
        String detail = e.getClass().getSimpleName();
        if (e instanceof KmsException kmsError) {
            retryable |= kmsError.isThrottlingException() || kmsError.statusCode() >= 500;
            if (kmsError.awsErrorDetails() != null && kmsError.awsErrorDetails().errorCode() != null) {
                detail = kmsError.awsErrorDetails().errorCode();
            }
        }
        return new CredentialsUnavailableException("KMS " + operation + " failed: " + detail, retryable, e);
    }
}
