package dev.actgate.shared.credentials;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.DecryptRequest;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyRequest;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.IncorrectKeyException;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;

import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * KMS in memory, strict the way KMS is: the ciphertext blob is bound to the key and the encryption context, so a
 * Decrypt with another context (or none) or another key id fails with InvalidCiphertextException /
 * IncorrectKeyException. Records every request for assertions.
 */
final class FakeKmsClient implements KmsClient {
    static final String KEY_ARN = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    final List<GenerateDataKeyRequest> generateRequests = new ArrayList<>();
    final List<DecryptRequest> decryptRequests = new ArrayList<>();
    RuntimeException failWith; // thrown by the next call, if set

    private final SecretKeySpec master;
    private final SecureRandom random = new SecureRandom();

    FakeKmsClient() {
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        master = new SecretKeySpec(raw, "AES");
    }

    @Override
    public synchronized GenerateDataKeyResponse generateDataKey(GenerateDataKeyRequest request) {
        generateRequests.add(request);
        throwIfFailing();
        if (request.keySpec() != DataKeySpec.AES_256) {
            throw new IllegalArgumentException("fake only does AES_256");
        }
        byte[] plaintext = new byte[32];
        random.nextBytes(plaintext);
        byte[] nonce = new byte[Gcm.NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] sealed = Gcm.encrypt(master, nonce, plaintext, aad(request.encryptionContext()));
        byte[] blob = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
        return GenerateDataKeyResponse.builder()
            .keyId(KEY_ARN)
            .plaintext(SdkBytes.fromByteArray(plaintext))
            .ciphertextBlob(SdkBytes.fromByteArray(blob))
            .build();
    }

    @Override
    public synchronized DecryptResponse decrypt(DecryptRequest request) {
        decryptRequests.add(request);
        throwIfFailing();
        if (request.keyId() != null && !request.keyId().equals(KEY_ARN)) {
            throw (IncorrectKeyException) IncorrectKeyException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("IncorrectKeyException").build())
                .message("The key ID in the request does not identify the CMK used to encrypt the ciphertext").build();
        }
        byte[] blob = request.ciphertextBlob().asByteArray();
        try {
            byte[] plaintext = Gcm.decrypt(master, Arrays.copyOf(blob, Gcm.NONCE_BYTES),
                Arrays.copyOfRange(blob, Gcm.NONCE_BYTES, blob.length), aad(request.encryptionContext()));
            return DecryptResponse.builder().keyId(KEY_ARN).plaintext(SdkBytes.fromByteArray(plaintext)).build();
        } catch (GeneralSecurityException | RuntimeException e) {
            throw (InvalidCiphertextException) InvalidCiphertextException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("InvalidCiphertextException").build())
                .message("InvalidCiphertextException").build();
        }
    }

    private void throwIfFailing() {
        if (failWith != null) {
            RuntimeException e = failWith;
            failWith = null;
            throw e;
        }
    }

    // KMS compares the context as a map: canonicalize by sorting.
    private static byte[] aad(Map<String, String> context) {
        return new TreeMap<>(context).toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String serviceName() {
        return "kms";
    }

    @Override
    public void close() {
    }
}
