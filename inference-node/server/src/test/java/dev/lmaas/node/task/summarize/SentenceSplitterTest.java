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
        assertThat(splitter.split("The U.S. Senate voted. Mr. Brown paid $3.5 million. Prof. Li agreed."))
                .containsExactly("The U.S. Senate voted.", "Mr. Brown paid $3.5 million.", "Prof. Li agreed.");
    }

    @Test
    void aTimeOfDayEndsASentenceBeforeACapitalButNotBeforeALowerCaseWord() {
        assertThat(splitter.split("Delivery was due between 8 a.m. and 1 p.m. Nobody came. We met at 9 p.m. in the hall."))
                .containsExactly("Delivery was due between 8 a.m. and 1 p.m.", "Nobody came.", "We met at 9 p.m. in the hall.");
    }

    @Test
    void keepsClosingQuotesAndSplitsParagraphs() {
        assertThat(splitter.split("He said \"stop.\" She left.\n\nNew paragraph without a full stop\n\nLast one"))
                .containsExactly("He said \"stop.\"", "She left.", "New paragraph without a full stop", "Last one");
    }

    @Test
    void aHardWrappedEnglishLineIsNotASentenceEnd() {
        assertThat(splitter.split("The committee approved the budget\nafter a long debate. It meets again in May."))
                .containsExactly("The committee approved the budget\nafter a long debate.", "It meets again in May.");
    }

    @Test
    void splitsChineseAtItsTerminatorsKeepingClosingQuotes() {
        assertThat(splitter.split("今天天气很好。我们去公园吧！你去吗？他说：“我不去。”她说：「好的！」"))
                .containsExactly("今天天气很好。", "我们去公园吧！", "你去吗？", "他说：“我不去。”", "她说：「好的！」");
    }

    @Test
    void splitsChineseAtSemicolonsAndEllipsesButNotInsideNumbers() {
        assertThat(splitter.split("价格上涨了3.5%；销量下降了……公司表示会调整策略。"))
                .containsExactly("价格上涨了3.5%；", "销量下降了……", "公司表示会调整策略。");
        assertThat(splitter.split("他沉默了……”然后离开了。")).containsExactly("他沉默了……”", "然后离开了。");
    }

    @Test
    void aChineseLineIsAParagraph() {
        assertThat(splitter.split("第一段没有句号\n第二段也没有")).containsExactly("第一段没有句号", "第二段也没有");
    }

    @Test
    void mixedChineseAndEnglish() {
        assertThat(splitter.split("Apple 发布了新产品。Dr. 王表示满意！"))
                .containsExactly("Apple 发布了新产品。", "Dr. 王表示满意！");
    }

    @Test
    void textWithoutTerminatorIsOneSentenceAndBlankIsNone() {
        assertThat(splitter.split("  no full stop here  ")).containsExactly("no full stop here");
        assertThat(splitter.split("   ")).isEmpty();
        assertThat(splitter.split("没有句号的一句话")).containsExactly("没有句号的一句话");
    }

    @Test
    void everySentenceIsAPieceOfTheInputInOrder() {
        String text = "Dr. Smith arrived at 9 a.m. sharp! 他说：“好。”Then\nhe left… 结束；完了。";
        int from = 0;
        for (String s : splitter.split(text)) {
            int at = text.indexOf(s, from);
            assertThat(at).as(s).isGreaterThanOrEqualTo(from);
            assertThat(text.substring(from, at)).isBlank();
            from = at + s.length();
        }
        assertThat(text.substring(from)).isBlank();
    }
}
