package dev.lmaas.platform.tenant.mfa;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RecoveryCodesTest {

    @Test
    void tenDistinctCodesInTheShownShape() {
        List<String> codes = RecoveryCodes.generate(10);
        assertThat(codes).hasSize(10).doesNotHaveDuplicates()
                .allSatisfy(c -> assertThat(c).matches("[a-hjkmnp-z2-9]{5}-[a-hjkmnp-z2-9]{5}"));
        assertThat(new HashSet<>(RecoveryCodes.generate(10))).doesNotContainAnyElementsOf(codes);
    }

    @Test
    void typedCodesAreReadForgivingly() {
        assertThat(RecoveryCodes.normalize("ABCDE-FGH23")).contains("abcdefgh23");
        assertThat(RecoveryCodes.normalize(" abcde fgh23 ")).contains("abcdefgh23");
        assertThat(RecoveryCodes.normalize("abcde-fgh2")).as("too short").isEmpty();
        assertThat(RecoveryCodes.normalize("abcde-fgh10")).as("0 and 1 are never in a code").isEmpty();
        assertThat(RecoveryCodes.normalize("123456")).isEmpty();
        assertThat(RecoveryCodes.normalize(null)).isEmpty();
    }

    @Test
    void theDigestIsKeyedAndBoundToTheAccount() {
        byte[] key = new byte[32];
        byte[] otherKey = new byte[32];
        otherKey[0] = 1;
        UUID ada = UUID.randomUUID();
        UUID bob = UUID.randomUUID();
        String digest = RecoveryCodes.digest(key, ada, "abcdefgh23");
        assertThat(digest).hasSize(64).matches("[0-9a-f]+").doesNotContain("abcdefgh23");
        assertThat(RecoveryCodes.digest(key, ada, "abcdefgh23")).isEqualTo(digest);
        assertThat(RecoveryCodes.digest(key, bob, "abcdefgh23")).as("another account").isNotEqualTo(digest);
        assertThat(RecoveryCodes.digest(otherKey, ada, "abcdefgh23")).as("another master key").isNotEqualTo(digest);
        assertThat(RecoveryCodes.digest(key, ada, "abcdefgh24")).isNotEqualTo(digest);
        // Not a plain hash: SHA-256 of the code (with or without the account) is not what is stored.
        assertThat(digest).isNotEqualTo(sha256("abcdefgh23")).isNotEqualTo(sha256(ada + "|abcdefgh23"));
    }

    private static String sha256(String s) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
