package dev.actgate.shared.credentials;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * {@code actgate.credentials.*}: where the master key comes from (CredentialsFactory). Exactly one is normally set:
 * {@code kms-key-id} in AWS, {@code local-key-file} (or {@code local-key}) locally.
 */
@ConfigurationProperties("actgate.credentials")
public class CredentialsSettings {
    private String kmsKeyId = "";
    private String localKeyFile = "";
    private String localKey = "";

    public String getKmsKeyId() { return kmsKeyId; }
    public void setKmsKeyId(String v) { this.kmsKeyId = v == null ? "" : v; }
    public String getLocalKeyFile() { return localKeyFile; }
    public void setLocalKeyFile(String v) { this.localKeyFile = v == null ? "" : v; }
    public String getLocalKey() { return localKey; }
    public void setLocalKey(String v) { this.localKey = v == null ? "" : v; }
}
