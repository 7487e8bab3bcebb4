package dev.actgate.shared.storage;

import java.security.SecureRandom;
import java.util.Locale;

/**
 * Identifiers: a type prefix, then 10 characters of millisecond time and 16 of randomness in Crockford base32
 * (ULID layout), so ids sort by creation time — run logs list newest-first straight from the sort key.
 */
public final class Ids {
    private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    public static String newId(String prefix) {
        return prefix + "_" + timeSortable(System.currentTimeMillis());
    }

    static String timeSortable(long millis) {
        char[] out = new char[26];
        long t = millis;
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (t & 31)];
            t >>>= 5;
        }
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        long bits = 0;
        int bitCount = 0;
        int pos = 10;
        for (byte b : random) {
            bits = (bits << 8) | (b & 0xff);
            bitCount += 8;
            while (bitCount >= 5 && pos < 26) {
                out[pos++] = ALPHABET[(int) ((bits >>> (bitCount - 5)) & 31)];
                bitCount -= 5;
            }
        }
        return new String(out);
    }

    /** The smallest (or largest) id with this prefix that {@link #newId} could have made at {@code millis}. */
    public static String timeBound(String prefix, long millis, boolean upper) {
        String t = timeSortable(millis).substring(0, 10);
        return prefix + "_" + t + (upper ? "zzzzzzzzzzzzzzzz" : "0000000000000000");
    }

    /** True when {@code selector} has the shape of an id with this prefix (so it is looked up by id, not key). */
    public static boolean looksLikeId(String selector, String prefix) {
        return selector != null && selector.length() == prefix.length() + 27 && selector.startsWith(prefix + "_")
            && selector.substring(prefix.length() + 1).toLowerCase(Locale.ROOT).equals(selector.substring(prefix.length() + 1));
    }

    public static String randomToken(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
