package dev.lmaas.node.task.summarize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The benchmark's ROUGE-L, on cases worked out by hand. */
class RougeLTest {

    @Test
    void englishWordsLowerCasedWithoutPunctuation() {
        // Lin (2004)'s example: reference "police killed the gunman", candidate "police kill the gunman":
        // LCS "police the gunman" = 3 of 4 words each way.
        RougeL r = RougeL.score("Police kill the gunman.", "police killed the gunman", false);
        assertThat(r.precision()).isCloseTo(0.75, within(1e-9));
        assertThat(r.recall()).isCloseTo(0.75, within(1e-9));
        assertThat(r.f1()).isCloseTo(0.75, within(1e-9));
        // The subsequence, not the substring: "the gunman kill police" shares only "the gunman" in order.
        assertThat(RougeL.score("the gunman kill police", "police killed the gunman", false).f1()).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void chineseCharactersWithoutPunctuation() {
        // 今天下雨 vs 今天不下雨了: LCS 今天下雨 = 4; precision 4/4, recall 4/6.
        RougeL r = RougeL.score("今天下雨。", "今天不下雨了！", true);
        assertThat(r.precision()).isCloseTo(1.0, within(1e-9));
        assertThat(r.recall()).isCloseTo(4.0 / 6, within(1e-9));
        assertThat(r.f1()).isCloseTo(0.8, within(1e-9));
    }

    @Test
    void nothingInCommonOrNothingAtAllIsZero() {
        assertThat(RougeL.score("abc", "xyz", false).f1()).isZero();
        assertThat(RougeL.score("", "今天", true).f1()).isZero();
    }
}
