package dev.lmaas.node.task.summarize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lmaas.node.protocol.InferenceParameters;
import dev.lmaas.node.task.TaskOutput;
import dev.lmaas.node.task.embedding.EmbeddingModel;
import dev.lmaas.node.testing.BuiltInEmbeddings;
import dev.lmaas.node.tokenize.TextTokenizer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The English and Chinese summarizers on the real shipped models (MiniLM, bge-small-zh on ONNX
 * Runtime): summaries are non-empty, made of whole input sentences in order, within the budget
 * counted in the model's own tokens, Chinese for Chinese input, and usage is what was read and written.
 */
class SummarizerIT {

    static EmbeddingModel minilm;
    static EmbeddingModel bgeZh;
    static ExtractiveSummarizer english;
    static ExtractiveSummarizer chinese;

    static final List<String> ENGLISH = List.of(
            "The city council met on Tuesday to discuss the new public transport plan. The plan adds three tram lines and "
                    + "doubles the number of night buses. Several residents complained about the noise of construction near the "
                    + "river. Dr. Alvarez, the mayor, said the tram lines will cut commuting times by a third. A local bakery "
                    + "celebrated its fiftieth anniversary with free bread. Funding for the transport plan comes from a regional "
                    + "grant of $3.5 million and a small fare increase. Council members will vote on the plan next month. "
                    + "The weather on Tuesday was sunny and warm.",
            "Our team moved the billing service to the new database cluster last weekend. The migration took six hours, two "
                    + "more than planned, because an index had to be rebuilt. No customer data was lost and invoices went out on "
                    + "time on Monday. We found that the old backup script did not cover one table, and fixed it. Next quarter we "
                    + "will move the reporting service the same way. Thanks to everyone who stayed late on Saturday.");

    static final List<String> CHINESE = List.of(
            "本市首条跨江隧道于昨日上午十点正式通车。该隧道全长4.2公里，双向六车道，设计时速每小时八十公里。项目总投资约58.6亿元，"
                    + "历时三年多建成。通车后，两岸之间的车程将由原来的四十分钟缩短至八分钟左右。市交通局表示，隧道将有效缓解现有两座大桥的"
                    + "交通压力；高峰时段两座大桥的车流量预计可分流三成以上。通车首日，不少市民专程驾车前来体验。出租车司机老陈说：“以前过江要"
                    + "看运气，现在心里有底了。”交通部门提醒，隧道内严禁变道和停车。",
            "这款无线耳机的音质令人满意，低音饱满，人声清晰。降噪效果在地铁上表现不错，但在风大的户外会有明显杂音。续航方面，"
                    + "官方标称八小时，实际使用约七小时。耳机佩戴舒适，长时间使用耳朵也不会疼。美中不足的是充电盒较大，放在口袋里不太方便！"
                    + "总体来说，这是一款性价比很高的产品，适合通勤使用。");

    @BeforeAll
    static void open() {
        minilm = BuiltInEmbeddings.fp32(2);
        bgeZh = BuiltInEmbeddings.bgeZhFp32(2);
        english = new ExtractiveSummarizer(minilm, 0.7);
        chinese = new ExtractiveSummarizer(bgeZh, 0.7);
    }

    @AfterAll
    static void close() {
        english.close();
        chinese.close();
        minilm.close();
        bgeZh.close();
    }

    static InferenceParameters maxTokens(int t) {
        return new InferenceParameters(t, null, null, null, null);
    }

    static TaskOutput summarize(ExtractiveSummarizer s, DocumentInput doc) {
        return s.run(List.of(doc)).getFirst();
    }

    /** Every sentence of the summary is one of the document's sentences, in document order. */
    static void assertWholeSentencesInOrder(String summary, DocumentInput doc) {
        List<String> picked = new SentenceSplitter().split(summary);
        assertThat(picked).isNotEmpty();
        int last = -1;
        for (String s : picked) {
            int at = doc.sentences().indexOf(s);
            assertThat(at).as("\"" + s + "\" is a sentence of the input").isGreaterThan(last);
            last = at;
        }
    }

    @Test
    void englishSummariesAreWholeSentencesWithinTheBudgetInMiniLmTokens() {
        TextTokenizer tokens = minilm.tokenizer();
        for (String text : ENGLISH) {
            for (int budget : new int[] {25, 40, 80}) {
                DocumentInput doc = english.prepare(text, false, maxTokens(budget));
                assertThat(doc.tokens()).isEqualTo(tokens.countContentTokens(text)); // the whole document is read
                TaskOutput out = summarize(english, doc);
                assertWholeSentencesInOrder(out.text(), doc);
                assertThat(out.completionTokens()).isPositive().isLessThanOrEqualTo(budget)
                        .isEqualTo(tokens.countContentTokens(out.text()));
                assertThat(out.text()).doesNotContain("  ");
            }
        }
        // Off-topic sentences are not central: a short summary of the council document leaves them out.
        DocumentInput council = english.prepare(ENGLISH.getFirst(), false, new InferenceParameters(null, 0.25, null, null, null));
        assertThat(summarize(english, council).text()).doesNotContain("bakery").doesNotContain("weather");
    }

    @Test
    void chineseSummariesAreChineseSentencesJoinedWithoutSpacesWithinTheBudgetInBgeTokens() {
        TextTokenizer tokens = bgeZh.tokenizer();
        for (String text : CHINESE) {
            for (int budget : new int[] {30, 60, 100}) {
                DocumentInput doc = chinese.prepare(text, false, maxTokens(budget));
                assertThat(doc.sentences()).hasSizeGreaterThan(4);
                assertThat(doc.tokens()).isEqualTo(tokens.countContentTokens(text));
                TaskOutput out = summarize(chinese, doc);
                assertWholeSentencesInOrder(out.text(), doc);
                assertThat(out.completionTokens()).isPositive().isLessThanOrEqualTo(budget)
                        .isEqualTo(tokens.countContentTokens(out.text()));
                assertThat(out.text()).doesNotContain(" ");
                long han = out.text().codePoints().filter(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN).count();
                assertThat(han).as(out.text()).isGreaterThan(out.text().codePointCount(0, out.text().length()) / 2);
            }
        }
    }

    @Test
    void aChineseTextNeverGetsAnEmptySummaryWhateverTheBudget() {
        // The reported case: a Chinese paragraph the former splitter saw as one sentence, over the
        // budget, came back empty while usage billed its 75 tokens.
        String text = "这是一个示例文本，用来说明摘要服务在预算很小的时候也必须返回内容，而不是返回空字符串却照样计费七十五个词元";
        for (int budget : new int[] {1, 5, 20}) {
            DocumentInput doc = chinese.prepare(text, false, maxTokens(budget));
            TaskOutput out = summarize(chinese, doc);
            assertThat(out.text()).isNotEmpty();
            assertThat(text).startsWith(out.text());
            assertThat(out.completionTokens()).isPositive().isLessThanOrEqualTo(budget)
                    .isEqualTo(bgeZh.tokenizer().countContentTokens(out.text()));
            assertThat(doc.tokens()).isEqualTo(bgeZh.tokenizer().countContentTokens(text));
        }
    }

    @Test
    void aSentenceLongerThanTheModelWindowIsCountedInFull() throws Exception {
        // MiniLM's tokenizer stops at 256 tokens; the document's usage must not.
        String longSentence = "word ".repeat(400).strip() + ".";
        DocumentInput doc = english.prepare(longSentence + " A short one.", false, InferenceParameters.NONE);
        try (TextTokenizer unbounded = TextTokenizer.load(BuiltInEmbeddings.WORK.resolve("all-minilm-l6-v2-tokenizer.json"), 100_000)) {
            assertThat(doc.contentTokens()[0]).isEqualTo(unbounded.countContentTokens(longSentence)).isGreaterThan(256);
        }
        assertThat(summarize(english, doc).text()).isNotEmpty();
    }
}
