package dev.lmaas.node.task.summarize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lmaas.node.task.DeadlineExceededException;
import dev.lmaas.node.protocol.InferenceParameters;
import dev.lmaas.node.task.TaskOutput;
import dev.lmaas.node.task.embedding.MeanPooling;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The summarizer around a counting fake model: the work an adversarial document costs is counted
 * (sentences embedded, cosines evaluated), never timed; deadlines stop the work; no empty answers.
 */
class ExtractiveSummarizerTest {

    final FakeEncoder encoder = new FakeEncoder();
    final AtomicLong cosines = new AtomicLong();
    final SentenceSelection countingSelection = new SentenceSelection(0.7, (a, b) -> {
        cosines.incrementAndGet();
        return MeanPooling.cosine(a, b);
    });

    static InferenceParameters ratio(double r) {
        return new InferenceParameters(null, r, null, null, null);
    }

    static InferenceParameters maxTokens(int t) {
        return new InferenceParameters(t, null, null, null, null);
    }

    TaskOutput summarize(ExtractiveSummarizer s, String text, InferenceParameters p) {
        return s.run(List.of(s.prepare(text, false, p))).getFirst();
    }

    @Test
    void thousandsOfTinySentencesCostAtMostTheCapInEmbeddingsAndAQuadraticNumberOfCosines() {
        // The review's input: ~19k characters of "a! " is 6,400 sentences. The old code embedded all
        // 6,400 and evaluated about n·k²/2 = 6,400 · 1,920² / 2 ≈ 1.2e10 cosines at the default ratio.
        String text = "a! ".repeat(6_400);
        ExtractiveSummarizer summarizer = new ExtractiveSummarizer(encoder, countingSelection, () -> false);
        int n = ExtractiveSummarizer.MAX_UNITS;
        for (InferenceParameters p : List.of(ratio(1.0), InferenceParameters.NONE, maxTokens(512))) {
            cosines.set(0);
            encoder.embeddedTexts = 0;
            DocumentInput doc = summarizer.prepare(text, false, p);
            assertThat(doc.sentences()).hasSizeLessThanOrEqualTo(n);
            assertThat(String.join(" ", doc.sentences()).replace(" ", "")).isEqualTo(text.replace(" ", ""));
            TaskOutput out = summarizer.run(List.of(doc)).getFirst();
            assertThat(out.text()).isNotBlank();
            assertThat(encoder.embeddedTexts).isLessThanOrEqualTo(n);
            assertThat(cosines.get()).isLessThanOrEqualTo((long) n + (long) n * n);
        }
    }

    @Test
    void aDocumentUnderTheCapKeepsEverySentenceAsAUnit() {
        String text = "One. Two! Three? ".repeat(100);
        DocumentInput doc = new ExtractiveSummarizer(encoder, countingSelection, () -> false).prepare(text, false, InferenceParameters.NONE);
        assertThat(doc.sentences()).hasSize(300).startsWith("One.", "Two!", "Three?");
        assertThat(doc.tokens()).isEqualTo(300);
    }

    @Test
    void anAbandonedBatchStopsBeforeEmbeddingAnything() {
        ExtractiveSummarizer summarizer = new ExtractiveSummarizer(encoder, countingSelection, () -> true);
        DocumentInput doc = summarizer.prepare("First sentence. Second one.", false, InferenceParameters.NONE);
        assertThatThrownBy(() -> summarizer.run(List.of(doc))).isInstanceOf(DeadlineExceededException.class);
        assertThat(encoder.embedCalls).isZero();
        assertThat(cosines.get()).isZero();
    }

    @Test
    void aBatchAbandonedMidwayStopsAtTheNextChunk() {
        AtomicInteger checks = new AtomicInteger();
        // Live for the first two checks (two chunks of 32 sentences), abandoned from the third on.
        ExtractiveSummarizer summarizer = new ExtractiveSummarizer(encoder, countingSelection, () -> checks.incrementAndGet() > 2);
        DocumentInput doc = summarizer.prepare("Sentence number one. ".repeat(200), false, InferenceParameters.NONE);
        assertThatThrownBy(() -> summarizer.run(List.of(doc))).isInstanceOf(DeadlineExceededException.class);
        assertThat(encoder.embedCalls).isEqualTo(2);
        assertThat(encoder.embeddedTexts).isEqualTo(64);
        assertThat(cosines.get()).isZero();
    }

    @Test
    void aBudgetSmallerThanEverySentenceStillGivesANonEmptyPrefixWithinBudget() {
        ExtractiveSummarizer summarizer = new ExtractiveSummarizer(encoder, countingSelection, () -> false);
        String zh = "北京市政府今天宣布了新的公共交通计划，包括三条新的地铁线路。";
        TaskOutput chinese = summarize(summarizer, zh, maxTokens(5));
        assertThat(chinese.text()).isEqualTo("北京市政府");
        assertThat(chinese.completionTokens()).isEqualTo(5);

        String en = "The city council approved a new public transport plan with three tram lines on Tuesday.";
        TaskOutput english = summarize(summarizer, en, maxTokens(4));
        assertThat(english.text()).isEqualTo("The city council approved");
        assertThat(english.completionTokens()).isEqualTo(4);
    }

    @Test
    void chineseSentencesAreJoinedWithoutSpacesAndEnglishWithOne() {
        ExtractiveSummarizer summarizer = new ExtractiveSummarizer(encoder, countingSelection, () -> false);
        assertThat(summarize(summarizer, "今天下雨了。我们没有出门！明天会晴吗？", ratio(1.0)).text())
                .isEqualTo("今天下雨了。我们没有出门！明天会晴吗？");
        assertThat(summarize(summarizer, "It rained.\n\nWe stayed in!   Will it clear?", ratio(1.0)).text())
                .isEqualTo("It rained. We stayed in! Will it clear?");
    }

    @Test
    void usageCountsTheWholeDocumentAndTheSummaryItsOwnTokens() {
        ExtractiveSummarizer summarizer = new ExtractiveSummarizer(encoder, countingSelection, () -> false);
        String text = "Alpha beta gamma. Delta epsilon. Zeta eta theta iota. Kappa.";
        DocumentInput doc = summarizer.prepare(text, false, ratio(0.5));
        assertThat(doc.tokens()).isEqualTo(encoder.countTokens(text));
        TaskOutput out = summarizer.run(List.of(doc)).getFirst();
        assertThat(out.completionTokens()).isEqualTo(encoder.countTokens(out.text())).isPositive();
    }
}
