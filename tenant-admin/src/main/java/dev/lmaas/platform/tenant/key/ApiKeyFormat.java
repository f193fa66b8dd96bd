package dev.lmaas.platform.tenant.key;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.zip.CRC32;

/**
 * The shape of a secret key: a prefix ({@code lmk_} tenant keys, {@code lma_} admin keys), 32 base62
 * characters of randomness (≈190 bits) and a 6-character base62 CRC32 of everything before it. The
 * checksum lets secret scanners recognise our keys and lets us refuse a mistyped key without any
 * lookup. Keys are never logged; {@link #displayPrefix} is what people see afterwards.
 */
public final class ApiKeyFormat {

    public static final String TENANT_PREFIX = "lmk_";
    public static final String ADMIN_PREFIX = "lma_";
    static final int RANDOM_CHARS = 32;
    static final int CHECKSUM_CHARS = 6;
    private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeyFormat() {
    }

    /** A new random key with the given prefix. */
    public static String generate(String prefix) {
        StringBuilder sb = new StringBuilder(prefix.length() + RANDOM_CHARS + CHECKSUM_CHARS).append(prefix);
        for (int i = 0; i < RANDOM_CHARS; i++) {
            sb.append(BASE62[RANDOM.nextInt(BASE62.length)]);
        }
        return sb.append(checksum(sb)).toString();
    }

    /** True if {@code key} has the prefix, length, alphabet and a matching checksum. Constant work, no lookup. */
    public static boolean isWellFormed(String key, String prefix) {
        if (key == null || key.length() != prefix.length() + RANDOM_CHARS + CHECKSUM_CHARS || !key.startsWith(prefix)) {
            return false;
        }
        for (int i = prefix.length(); i < key.length(); i++) {
            char c = key.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
                return false;
            }
        }
        int body = key.length() - CHECKSUM_CHARS;
        return checksum(key.substring(0, body)).equals(key.substring(body));
    }

    /** What may be shown of a key: its prefix and first four random characters, e.g. {@code lmk_ab12…}. */
    public static String displayPrefix(String key) {
        int end = Math.min(key.length(), key.indexOf('_') + 1 + 4);
        return key.substring(0, end) + "…";
    }

    static String checksum(CharSequence body) {
        CRC32 crc = new CRC32();
        crc.update(body.toString().getBytes(StandardCharsets.US_ASCII));
        long v = crc.getValue();
        char[] out = new char[CHECKSUM_CHARS];
        for (int i = CHECKSUM_CHARS - 1; i >= 0; i--) {
            out[i] = BASE62[(int) (v % 62)];
            v /= 62;
        }
        return new String(out);
    }
}
