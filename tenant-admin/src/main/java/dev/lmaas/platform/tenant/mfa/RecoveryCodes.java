package dev.lmaas.platform.tenant.mfa;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Recovery codes: ten characters from an alphabet without look-alikes (no 0/o, 1/l/i), shown as {@code xxxxx-xxxxx}
 * (about 50 bits each). Only a keyed digest is stored: HMAC-SHA-256 of the account id and the code under a key derived
 * from the master key, so a copy of the table alone cannot be searched for the codes offline.
 */
public final class RecoveryCodes {

    public static final int LENGTH = 10;
    static final String ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private RecoveryCodes() {
    }

    public static List<String> generate(int count) {
        List<String> codes = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            StringBuilder code = new StringBuilder(LENGTH + 1);
            for (int i = 0; i < LENGTH; i++) {
                if (i == LENGTH / 2) {
                    code.append('-');
                }
                code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
            }
            codes.add(code.toString());
        }
        return codes;
    }

    /** The code as stored and compared (lower case, no dash or space), or empty when it cannot be a recovery code. */
    public static Optional<String> normalize(String typed) {
        if (typed == null) {
            return Optional.empty();
        }
        String clean = typed.replaceAll("[\\s-]", "").toLowerCase(Locale.ROOT);
        if (clean.length() != LENGTH || !clean.chars().allMatch(c -> ALPHABET.indexOf(c) >= 0)) {
            return Optional.empty();
        }
        return Optional.of(clean);
    }

    /** The stored digest of a (normalized) code of {@code user} under {@code masterKey}. */
    public static String digest(byte[] masterKey, UUID user, String normalized) {
        try {
            Mac derive = Mac.getInstance("HmacSHA256");
            derive.init(new SecretKeySpec(masterKey, "HmacSHA256"));
            byte[] key = derive.doFinal("lmaas-mfa-recovery-codes".getBytes(StandardCharsets.UTF_8));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((user + "|" + normalized).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
