package dev.lmaas.node.task.translate.apertium;

import java.util.Map;
import java.util.Optional;

/**
 * Apertium names languages with ISO 639-3 codes ({@code eng}, {@code spa}); the platform routes with
 * ISO 639-1 ({@code en}, {@code es}). An explicit list rather than a library: a pair whose language is
 * not listed here is skipped rather than served under a guessed code the control plane cannot match.
 * Languages without a 639-1 code (Asturian, Silesian, ...) are deliberately absent.
 */
final class ApertiumLanguages {

    private static final Map<String, String> ISO_639_1 = Map.ofEntries(
            Map.entry("afr", "af"), Map.entry("arg", "an"), Map.entry("bel", "be"), Map.entry("bre", "br"),
            Map.entry("bul", "bg"), Map.entry("cat", "ca"), Map.entry("cym", "cy"), Map.entry("dan", "da"),
            Map.entry("deu", "de"), Map.entry("eng", "en"), Map.entry("epo", "eo"), Map.entry("eus", "eu"),
            Map.entry("fra", "fr"), Map.entry("glg", "gl"), Map.entry("hin", "hi"), Map.entry("ind", "id"),
            Map.entry("isl", "is"), Map.entry("ita", "it"), Map.entry("kaz", "kk"), Map.entry("mkd", "mk"),
            Map.entry("nld", "nl"), Map.entry("nno", "nn"), Map.entry("nob", "nb"), Map.entry("oci", "oc"),
            Map.entry("pol", "pl"), Map.entry("por", "pt"), Map.entry("ron", "ro"), Map.entry("rus", "ru"),
            Map.entry("slv", "sl"), Map.entry("spa", "es"), Map.entry("srd", "sc"), Map.entry("swe", "sv"),
            Map.entry("tat", "tt"), Map.entry("ukr", "uk"), Map.entry("urd", "ur"));

    private ApertiumLanguages() {
    }

    static Optional<String> iso6391(String iso6393) {
        return Optional.ofNullable(ISO_639_1.get(iso6393));
    }
}
