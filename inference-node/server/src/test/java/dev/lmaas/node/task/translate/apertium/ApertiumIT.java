package dev.lmaas.node.task.translate.apertium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lmaas.node.protocol.InferenceParameters;
import dev.lmaas.node.task.TaskOutput;
import dev.lmaas.node.tokenize.InputTooLongException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real Apertium pipelines (Debian's apertium-eng-spa): translation, the pool, crashes, hangs, hostile text. */
class ApertiumIT {

    static final String SENTENCE = "The weather is beautiful today and I would like to buy a new phone.";

    ScheduledExecutorService watchdog;
    final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void engine() {
        InstalledApertium.assume();
        watchdog = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        if (watchdog != null) {
            watchdog.shutdownNow();
        }
    }

    ApertiumPair engSpa() throws Exception {
        return new ApertiumPairs().find(InstalledApertium.MODES).pairs().stream()
                .filter(p -> p.mode().equals("eng-spa")).findFirst().orElseThrow();
    }

    ApertiumTranslator translator(int pipelines, Duration timeout) throws Exception {
        ApertiumTranslator t = new ApertiumTranslator(new PipelinePool(engSpa(), pipelines, timeout, watchdog), 50);
        open.add(t);
        return t;
    }

    static TaskOutput translate(ApertiumTranslator t, String text) {
        return t.run(List.of(t.prepare(text, false, InferenceParameters.NONE))).getFirst();
    }

    @Test
    void translatesEnglishIntoSpanishAndCountsWords() throws Exception {
        ApertiumTranslator t = translator(1, Duration.ofSeconds(20));
        TextInput input = t.prepare(SENTENCE, false, InferenceParameters.NONE);
        assertThat(input.tokens()).isEqualTo(14);
        TaskOutput out = t.run(List.of(input)).getFirst();
        assertThat(out.text()).contains("tiempo", "teléfono").endsWith(".").doesNotContain("[", "]", "\\");
        assertThat(out.completionTokens()).isEqualTo(out.text().split("\\s+").length);
    }

    @Test
    void reservedCharactersNewlinesAndSpacingSurviveTheRoundTrip() throws Exception {
        ApertiumTranslator t = translator(1, Duration.ofSeconds(20));
        String specials = "[x] ^a$ @b *c #d /e <f> {g} \\h ~i |j";
        String out = translate(t, "Hello.\n\n  " + specials + "\tend").text();
        assertThat(out).contains("\n\n  ").contains("\t").contains("[x]", "^", "$", "@b", "*c", "#d", "/e", "<f>", "{g}", "\\h", "~i", "|j");
        assertThat(translate(t, "^cat<n>$ [[x]]").text()).contains("^", "<n>$", "[[x]]");
    }

    @Test
    void aNulInsideATextIsDroppedAndDoesNotShiftTheNextAnswer() throws Exception {
        ApertiumTranslator t = translator(1, Duration.ofSeconds(20));
        assertThat(translate(t, "The weather\0 is beautiful today.\0").text()).isEqualTo("El tiempo es bello hoy.");
        assertThat(translate(t, "I would like to buy a new phone.").text()).contains("teléfono").doesNotContain("tiempo");
        TaskOutput onlyNuls = translate(t, "\0\0");
        assertThat(onlyNuls.text()).doesNotContain("\0").isBlank();
        assertThat(onlyNuls.completionTokens()).isZero();
        assertThat(translate(t, "The cat sleeps.").text()).containsIgnoringCase("gato");
    }

    @Test
    void aLongTextComesBackWholeInOneAnswer() throws Exception {
        ApertiumTranslator t = new ApertiumTranslator(new PipelinePool(engSpa(), 1, Duration.ofSeconds(20), watchdog), 4096);
        open.add(t);
        String text = "The weather is beautiful today and I would like to buy a new phone.\n".repeat(250);
        TextInput input = t.prepare(text, false, InferenceParameters.NONE);
        assertThat(input.tokens()).isEqualTo(14 * 250);
        String out = t.run(List.of(input)).getFirst().text();
        assertThat(out.split("\n")).hasSize(250).allSatisfy(line -> assertThat(line).contains("tiempo", "teléfono"));
    }

    @Test
    void manyConcurrentBatchesThroughThePoolGetTheirOwnAnswers() throws Exception {
        ApertiumTranslator t = translator(2, Duration.ofSeconds(20));
        List<String> sentences = List.of("The weather is beautiful today.", "I would like to buy a new phone.",
                "The cat sleeps in the house.", "We read a book in the library.", "My brother works in a big city.");
        List<String> expected = sentences.stream().map(s -> translate(t, s).text()).toList();
        try (ExecutorService callers = Executors.newFixedThreadPool(8)) {
            List<Future<List<TaskOutput>>> batches = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                List<TextInput> batch = sentences.stream().map(s -> t.prepare(s, false, InferenceParameters.NONE)).toList();
                batches.add(callers.submit(() -> t.run(batch)));
            }
            for (Future<List<TaskOutput>> b : batches) {
                assertThat(b.get()).extracting(TaskOutput::text).containsExactlyElementsOf(expected);
            }
        }
        assertThat(t.pool().restarts()).isZero();
    }

    @Test
    void textsOneAfterAnotherReuseTheWarmPipelineInsteadOfStartingMore() throws Exception {
        ApertiumTranslator t = translator(3, Duration.ofSeconds(20));
        for (int i = 0; i < 5; i++) {
            translate(t, "The cat sleeps.");
        }
        assertThat(t.pool().processIds()).hasSize(engSpa().stages().size());
    }

    @Test
    void aKilledPipelineIsRestartedAndTheTextRetried() throws Exception {
        ApertiumTranslator t = translator(1, Duration.ofSeconds(20));
        String before = translate(t, SENTENCE).text();
        List<Long> pids = t.pool().processIds();
        ProcessHandle.of(pids.get(pids.size() / 2)).orElseThrow().destroyForcibly(); // a middle stage dies
        assertThat(translate(t, SENTENCE).text()).isEqualTo(before);
        assertThat(t.pool().processIds()).doesNotContainAnyElementsOf(pids);
        assertThat(t.pool().restarts()).isBetween(0, 1); // 0 when the death was seen before the text was sent
    }

    @Test
    void aHungPipelineIsKilledAtTheTimeoutRestartedAndTheTextRetried() throws Exception {
        ApertiumTranslator t = translator(1, Duration.ofSeconds(5));
        String before = translate(t, SENTENCE).text();
        List<Long> pids = t.pool().processIds();
        signal("STOP", pids.get(pids.size() / 2)); // the stage stops reading: the text never comes back
        assertThat(translate(t, SENTENCE).text()).isEqualTo(before);
        assertThat(t.pool().restarts()).isEqualTo(1);
        assertThat(t.pool().processIds()).doesNotContainAnyElementsOf(pids);
        assertThat(ProcessHandle.of(pids.get(pids.size() / 2))).isEmpty(); // the stopped one was killed
    }

    @Test
    void aTextThatNeverAnswersInTimeFailsAfterOneRetry() throws Exception {
        // 1 ms is less than any pipeline needs to load its dictionaries: both attempts time out.
        ApertiumTranslator t = translator(1, Duration.ofMillis(1));
        assertThatThrownBy(() -> translate(t, SENTENCE))
                .isInstanceOf(PipelinePool.TranslationFailedException.class)
                .hasMessageContaining("failed twice").hasMessageContaining("no answer within 1 ms")
                .hasMessageNotContaining("weather");
        assertThat(t.pool().restarts()).isEqualTo(2);
    }

    @Test
    void textsOverTheWordLimitAreRefusedOrCutAfterTheLastAllowedWord() throws Exception {
        ApertiumTranslator t = translator(1, Duration.ofSeconds(20));
        String longText = "cat ".repeat(60).strip();
        assertThatThrownBy(() -> t.prepare(longText, false, InferenceParameters.NONE))
                .isInstanceOf(InputTooLongException.class).hasMessageContaining("50");
        TextInput cut = t.prepare(longText, true, InferenceParameters.NONE);
        assertThat(cut.tokens()).isEqualTo(50);
        TaskOutput out = t.run(List.of(cut)).getFirst();
        assertThat(out.text()).contains("gato");
        assertThat(out.completionTokens()).isEqualTo(WordCount.of(out.text()));
    }

    static void signal(String signal, long pid) throws Exception {
        assertThat(new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start().waitFor()).isZero();
    }
}
