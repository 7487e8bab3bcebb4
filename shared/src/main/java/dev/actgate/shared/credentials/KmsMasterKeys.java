package dev.actgate.shared.credentials;

import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The KMS side of {@link CredentialsFactory}, a separate bean so that the functions without the kms library (actions,
 * run-logs) never load a KMS class: Micronaut checks {@code @Requires(classes)} by name before loading this bean,
 * and nothing in this class's signatures names a KMS type.
 * The client uses the SDK's default region and credentials (the Lambda environment) over the URLConnection transport.
 */
@Singleton
@Requires(classes = KmsClient.class)
public class KmsMasterKeys {
    private KmsClient client; // guarded by this

    public synchronized MasterKeyProvider provider(String keyId) {
        if (client == null) {
            client = KmsClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
        }
        return new KmsMasterKeyProvider(client, keyId);
    }

    @PreDestroy
    synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
    }
}
