package dev.lmaas.platform.api.language;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Script rules for CJK, Lingua for the rest, the fallback for texts too short to tell. */
class TextLanguagesTest {

    static final TextLanguages LANGUAGES = new TextLanguages("en");

    @Test
    void chineseIsDecidedByScriptEvenWithLatinBrandNamesAndDigits() {
        for (String text : List.of("这是一个示例文本", "好", "iPhone 15 Pro 很好用", "我用的是 Windows 11，系统很卡。", "价格：299元，包邮！",
                "「这部电影太感人了」", "今天的天气怎么样？", "栓Q")) {
            assertThat(LANGUAGES.detect(text)).as(text).isEqualTo("zh");
        }
    }

    @Test
    void japaneseAndKoreanAreNotChinese() {
        assertThat(LANGUAGES.detect("これはテストです")).isEqualTo("ja");
        assertThat(LANGUAGES.detect("東京駅までの行き方を教えてください")).isEqualTo("ja");
        assertThat(LANGUAGES.detect("이 제품 정말 좋아요")).isEqualTo("ko");
    }

    @Test
    void englishSentencesAreEnglish() {
        for (String text : List.of("I love this product, it works perfectly.", "The delivery was late and the box was damaged.",
                "This is an example text.", "The meeting is scheduled for Tuesday at 3 pm.", "Not bad at all, I would buy it again.",
                "I love 北京 duck and the people who cook it.")) {
            assertThat(LANGUAGES.detect(text)).as(text).isEqualTo("en");
        }
    }

    @Test
    void otherLatinLanguagesAreToldApartWhenTheTextIsLongEnough() {
        assertThat(LANGUAGES.detect("El tiempo es muy bello hoy en Madrid y vamos a la playa.")).isEqualTo("es");
        assertThat(LANGUAGES.detect("Merci beaucoup pour votre aide, le service était excellent.")).isEqualTo("fr");
        assertThat(LANGUAGES.detect("Das Essen war ausgezeichnet und die Bedienung sehr freundlich.")).isEqualTo("de");
        assertThat(LANGUAGES.detect("Привет, как у тебя дела сегодня вечером?")).isEqualTo("ru");
    }

    @Test
    void textsTooShortToTellGetTheFallbackInsteadOfAGuess() {
        for (String text : List.of("ok", "wow", "hello", "no", "bad", "Great!", "👍", "12345", "thanks a lot")) {
            assertThat(LANGUAGES.detect(text)).as(text).isEqualTo("en");
        }
        assertThat(new TextLanguages("zh").detect("ok")).isEqualTo("zh");
    }

    /** The project's sentiment sets (written for the heads, not for this detector): every sentence in its own language. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"builtin/sentiment-bge-en/train.tsv, en", "builtin/sentiment-bge-en/heldout.tsv, en",
            "builtin/sentiment-bge-zh/train.tsv, zh", "builtin/sentiment-bge-zh/heldout.tsv, zh"})
    void everySentenceOfTheSentimentSetsIsInItsLanguage(String resource, String language) throws Exception {
        try (var in = getClass().getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            List<String> lines = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().skip(1).filter(l -> !l.isBlank()).toList();
            assertThat(lines).hasSizeGreaterThan(200);
            List<String> wrong = lines.stream().map(l -> l.split("\t", 2)[1]).filter(t -> !LANGUAGES.detect(t).equals(language)).toList();
            assertThat(wrong).as(resource).isEmpty();
        }
    }

    @Test
    void onlyTheSampleIsRead() {
        String chinese = "这是一个示例文本。".repeat(100);
        assertThat(LANGUAGES.detect(chinese + "This part is never read because it lies past the sample.".repeat(100))).isEqualTo("zh");
    }
}
