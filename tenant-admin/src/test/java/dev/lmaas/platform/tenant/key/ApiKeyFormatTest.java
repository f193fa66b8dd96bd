package dev.lmaas.platform.tenant.key;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeyFormatTest {

    @Test
    void generatedKeysAreWellFormedAndDistinct() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String k = ApiKeyFormat.generate(ApiKeyFormat.TENANT_PREFIX);
            assertThat(k).startsWith("lmk_").hasSize(42).matches("lmk_[0-9A-Za-z]{38}");
            assertThat(ApiKeyFormat.isWellFormed(k, ApiKeyFormat.TENANT_PREFIX)).isTrue();
            assertThat(seen.add(k)).isTrue();
        }
        // 32 base62 characters: log2(62^32) ≈ 190 bits of randomness, above the 160 required.
        assertThat(32 * Math.log(62) / Math.log(2)).isGreaterThan(160);
    }

    @Test
    void everySingleCharacterChangeIsCaughtByTheChecksumOrFormat() {
        String k = ApiKeyFormat.generate(ApiKeyFormat.TENANT_PREFIX);
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        for (int i = 4; i < k.length(); i++) {
            for (char c : alphabet.toCharArray()) {
                if (c == k.charAt(i)) {
                    continue;
                }
                String typo = k.substring(0, i) + c + k.substring(i + 1);
                assertThat(ApiKeyFormat.isWellFormed(typo, ApiKeyFormat.TENANT_PREFIX)).as(typo).isFalse();
            }
        }
    }

    @Test
    void refusesWrongPrefixLengthAndAlphabet() {
        String k = ApiKeyFormat.generate(ApiKeyFormat.TENANT_PREFIX);
        assertThat(ApiKeyFormat.isWellFormed(k, ApiKeyFormat.ADMIN_PREFIX)).isFalse();
        assertThat(ApiKeyFormat.isWellFormed(k + "x", ApiKeyFormat.TENANT_PREFIX)).isFalse();
        assertThat(ApiKeyFormat.isWellFormed(k.substring(0, 41), ApiKeyFormat.TENANT_PREFIX)).isFalse();
        assertThat(ApiKeyFormat.isWellFormed(k.replace(k.charAt(10), '-'), ApiKeyFormat.TENANT_PREFIX)).isFalse();
        assertThat(ApiKeyFormat.isWellFormed(null, ApiKeyFormat.TENANT_PREFIX)).isFalse();
        assertThat(ApiKeyFormat.isWellFormed("", ApiKeyFormat.TENANT_PREFIX)).isFalse();
    }

    @Test
    void displayPrefixShowsOnlyFourRandomCharacters() {
        String k = ApiKeyFormat.generate(ApiKeyFormat.TENANT_PREFIX);
        assertThat(ApiKeyFormat.displayPrefix(k)).isEqualTo(k.substring(0, 8) + "…");
    }

    @Test
    void hmacDependsOnThePepper() {
        KeyHasher a = new KeyHasher("pepper-number-one!".getBytes());
        KeyHasher b = new KeyHasher("pepper-number-two!".getBytes());
        assertThat(a.hash("lmk_x")).isEqualTo(a.hash("lmk_x")).isNotEqualTo(b.hash("lmk_x")).hasSize(32);
    }

    @Test
    void previousPeppersGiveTheHashesStoredUnderThemAndVersionsDiffer() {
        byte[] one = "pepper-number-one!".getBytes();
        byte[] two = "pepper-number-two!".getBytes();
        KeyHasher old = new KeyHasher(one);
        KeyHasher rotated = new KeyHasher(two, java.util.List.of(one));
        String key = ApiKeyFormat.generate(ApiKeyFormat.TENANT_PREFIX);
        org.assertj.core.api.Assertions.assertThat(rotated.previousHashes(key)).singleElement().isEqualTo(old.hash(key));
        org.assertj.core.api.Assertions.assertThat(rotated.hash(key)).isEqualTo(new KeyHasher(two).hash(key));
        org.assertj.core.api.Assertions.assertThat(rotated.version()).isEqualTo(new KeyHasher(two).version()).isNotEqualTo(old.version());
        org.assertj.core.api.Assertions.assertThat(old.previousHashes(key)).isEmpty();
    }
}
