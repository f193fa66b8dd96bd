package dev.lmaas.node.task.translate.apertium;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApertiumFormatTest {

    @Test
    void reservedCharactersAreEscapedAndComeBackUnchanged() {
        String text = "a[b]c^d$e@f\\g/h<i>j{k}l*m#n";
        String stream = ApertiumFormat.escape(text);
        assertThat(stream).isEqualTo("a\\[b\\]c\\^d\\$e\\@f\\\\g\\/h\\<i\\>j\\{k\\}l*m#n.[]");
        assertThat(ApertiumFormat.unescape(stream)).isEqualTo(text);
    }

    @Test
    void whitespaceOtherThanOneSpaceAndTildesTravelInSuperblanks() {
        String text = "one two  three\n\nfour\tfive ~six";
        String stream = ApertiumFormat.escape(text);
        assertThat(stream).isEqualTo("one two[  ]three[\n\n]four[\t]five[ ~]six.[]");
        assertThat(ApertiumFormat.unescape(stream)).isEqualTo(text);
    }

    @Test
    void nulBytesAreRemovedBecauseTheySeparateTexts() {
        assertThat(ApertiumFormat.escape("a\0b \0 c\0")).isEqualTo("ab[  ]c.[]").doesNotContain("\0");
    }

    @Test
    void anAnswerWithoutTheEndMarkIsStillUnescaped() {
        assertThat(ApertiumFormat.unescape("El \\[x\\][\n]fin")).isEqualTo("El [x]\nfin");
    }

    @Test
    void wordsAreWhitespaceSeparatedTokensAndTruncationCutsAfterAWord() {
        assertThat(WordCount.of("  The weather,  is\nfine. ")).isEqualTo(4);
        assertThat(WordCount.of("")).isZero();
        assertThat(WordCount.firstWords("one two  three four", 2)).isEqualTo("one two");
        assertThat(WordCount.firstWords("one two", 5)).isEqualTo("one two");
    }
}
