package dev.actgate.shared.credentials;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;

/** AES-256-GCM with a 12-byte nonce and a 128-bit tag: the one cipher used for data keys and secrets alike. */
final class Gcm {
    static final int KEY_BYTES = 32;
    static final int NONCE_BYTES = 12;
    static final int TAG_BITS = 128;
    static final int TAG_BYTES = TAG_BITS / 8;

    private Gcm() {
    }

    static SecretKeySpec aesKey(byte[] raw) {
        if (raw == null || raw.length != KEY_BYTES) {
            throw new CredentialsUnavailableException("data key has the wrong length");
        }
        return new SecretKeySpec(raw, "AES");
    }

    static byte[] encrypt(SecretKey key, byte[] nonce, byte[] plaintext, byte[] aad) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad);
            return cipher.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            // Only a broken JCE gets here; the cause names the algorithm, never the key.
            throw new IllegalStateException("AES-GCM encryption unavailable", e);
        }
    }

    /** @throws GeneralSecurityException tag mismatch (wrong key, wrong associated data, tampering) or bad input */
    static byte[] decrypt(SecretKey key, byte[] nonce, byte[] ciphertext, byte[] aad) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(aad);
        return cipher.doFinal(ciphertext);
    }
}
