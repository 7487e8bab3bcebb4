package dev.actgate.shared.credentials;

import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

import java.nio.file.Path;

/**
 * Chooses the master key: AWS KMS when {@value #KMS_KEY_ID} is set (template.yaml sets
 * {@code ACTGATE_CREDENTIALS_KMS_KEY_ID}), else the local key file named by {@value #LOCAL_KEY_FILE} (the local
 * runtime sets it). Neither is an error, raised only when something needs credentials: a lazy singleton, so
 * functions that never inject {@link CredentialCipher} start without either.
 */
@Factory
public class CredentialsFactory {
    public static final String KMS_KEY_ID = "actgate.credentials.kms-key-id";
    public static final String LOCAL_KEY_FILE = "actgate.credentials.local-key-file";
    /**
     * The local master key itself ({@code keyId=base64}, one line of the key file), for containers that cannot share
     * a file: {@code sam local} runs each function in its own container, and they must all open the same credentials.
     */
    public static final String LOCAL_KEY = "actgate.credentials.local-key";

    @Singleton
    MasterKeyProvider masterKeyProvider(CredentialsSettings settings, BeanProvider<KmsMasterKeys> kms) {
        String kmsKeyId = settings.getKmsKeyId();
        String localKeyFile = settings.getLocalKeyFile();
        String localKey = settings.getLocalKey();
        if (!kmsKeyId.isBlank()) {
            if (!kms.isPresent()) {
                throw new IllegalStateException(KMS_KEY_ID + " is set but the AWS KMS library "
                    + "(software.amazon.awssdk:kms) is not on this function's classpath");
            }
            return kms.get().provider(kmsKeyId.strip());
        }
        if (!localKey.isBlank()) {
            return new LocalMasterKeyProvider(writeKeyFile(localKey.strip()));
        }
        if (!localKeyFile.isBlank()) {
            return new LocalMasterKeyProvider(Path.of(localKeyFile.strip()));
        }
        throw new IllegalStateException("No master key for credential encryption: set " + KMS_KEY_ID
            + " (env ACTGATE_CREDENTIALS_KMS_KEY_ID, AWS) or " + LOCAL_KEY_FILE + " (local runtime)");
    }

    /** Writes the given key line to an owner-only temporary file that the file provider reads like any key file. */
    private static Path writeKeyFile(String keyLine) {
        if (!keyLine.matches("[A-Za-z0-9_-]{1,64}=[A-Za-z0-9+/]{43}=")) {
            throw new IllegalStateException(LOCAL_KEY + " must be one line 'keyId=<base64 of 32 bytes>'");
        }
        try {
            Path file = java.nio.file.Files.createTempFile("actgate-master", ".key",
                java.nio.file.attribute.PosixFilePermissions.asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            java.nio.file.Files.writeString(file, keyLine + "\n");
            return file;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Could not write the local master key file: " + e.getMessage(), e);
        }
    }
}
