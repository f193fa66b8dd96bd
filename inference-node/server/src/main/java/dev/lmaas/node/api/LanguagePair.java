package dev.lmaas.node.api;

import dev.lmaas.node.model.ServedModel;
import dev.lmaas.node.protocol.InferenceParameters;
import dev.lmaas.node.protocol.Task;
import java.util.List;
import java.util.Locale;

/**
 * The node's half of the language-pair contract: a translation model that declares its source and
 * target languages refuses a request outside them with 400 {@code unsupported_language_pair}, naming
 * the languages asked for and those it serves. The control plane routes by the same lists, so this
 * only fires for a request naming a model explicitly, or a stale route; it is what keeps such a
 * request from silently coming back in the wrong language.
 */
final class LanguagePair {

    static final String UNSUPPORTED = "unsupported_language_pair";

    private LanguagePair() {
    }

    static void check(ServedModel<?> model, InferenceParameters p) {
        if (model.task() != Task.TRANSLATION || model.targetLanguages().isEmpty()) {
            return; // a model that declares no pair takes whatever it is given
        }
        List<String> targets = model.targetLanguages();
        String target = primary(p.targetLanguage());
        if (target == null && targets.size() > 1) {
            throw NodeErrorException.invalid("parameters.targetLanguage is required: model " + model.id()
                    + " translates into " + targets);
        }
        if (target != null && !targets.contains(target)) {
            throw unsupported(model, p.sourceLanguage(), p.targetLanguage());
        }
        String source = primary(p.sourceLanguage());
        if (source != null && !model.languages().isEmpty() && !model.languages().contains(source)) {
            throw unsupported(model, p.sourceLanguage(), p.targetLanguage());
        }
    }

    private static NodeErrorException unsupported(ServedModel<?> model, String source, String target) {
        return new NodeErrorException(400, UNSUPPORTED, "model " + model.id() + " translates " + model.languages()
                + " into " + model.targetLanguages() + "; it does not serve " + shown(source) + " -> " + shown(target));
    }

    /** The caller's code as sent, cut short: an error message is no place to echo a long string back. */
    private static String shown(String code) {
        if (code == null) {
            return "?";
        }
        return code.length() <= 16 ? code : code.substring(0, 16) + "...";
    }

    /** {@code es-ES}, {@code pt_BR}, {@code EN} → {@code es}, {@code pt}, {@code en}: pairs are per language. */
    static String primary(String code) {
        if (code == null || code.isBlank()) {
            return null;
        }
        String c = code.strip().toLowerCase(Locale.ROOT);
        int cut = c.indexOf('-') >= 0 ? c.indexOf('-') : c.indexOf('_');
        return cut > 0 ? c.substring(0, cut) : c;
    }
}
