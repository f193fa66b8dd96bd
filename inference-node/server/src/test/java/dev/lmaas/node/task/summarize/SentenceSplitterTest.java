package dev.lmaas.node.task.summarize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SentenceSplitterTest {

    final SentenceSplitter splitter = new SentenceSplitter();

    @Test
    void splitsAtSentenceEnds() {
        assertThat(splitter.split("It rained. Then it stopped! Did it? Yes."))
                .containsExactly("It rained.", "Then it stopped!", "Did it?", "Yes.");
    }

    @Test
    void keepsAbbreviationsInitialsAndNumbersTogether() {
        assertThat(splitter.split("Dr. Smith met J. Doe at 3.30 p.m. in the U.S. office. It went well."))
                .containsExactly("Dr. Smith met J. Doe at 3.30 p.m. in the U.S. office.", "It went well.");
        assertThat(splitter.split("Prices rose approx. ten percent, e.g. bread. Milk too."))
                .containsExactly("Prices rose approx. ten percent, e.g. bread.", "Milk too.");
    }

    @Test
    void keepsClosingQuotesAndSplitsParagraphs() {
        assertThat(splitter.split("He said \"stop.\" She left.\n\nNew paragraph without a full stop\n\nLast one"))
                .containsExactly("He said \"stop.\"", "She left.", "New paragraph without a full stop", "Last one");
    }

    @Test
    void textWithoutTerminatorIsOneSentenceAndBlankIsNone() {
        assertThat(splitter.split("  no full stop here  ")).containsExactly("no full stop here");
        assertThat(splitter.split("   ")).isEmpty();
    }
}
