package dev.lmaas.node.task.summarize;

import dev.lmaas.node.protocol.InferenceParameters;
import dev.lmaas.node.task.TaskOutput;
import dev.lmaas.node.task.embedding.EmbeddingModel;
import dev.lmaas.node.testing.BuiltInEmbeddings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Summary quality benchmark (bench/summaries/run.sh): ROUGE-L F1 of the built-in extractive
 * summarizers against lead-3 and lead-k on the project's English and Chinese sets, every system under
 * the same budget: the reference's length in the model's tokens. Not a test; prints and writes a report.
 *
 * <p>Arguments: data directory (en/summaries.jsonl, zh/summaries.jsonl), report file, header file
 * (machine, date, commit: written by the script).
 */
public final class SummaryBench {

    record Doc(String id, String genre, String text, String reference) {
    }

    record Row(Doc doc, int budget, String summary, String lead3, String leadK, String leadFill, int k, int units) {
    }

    public static void main(String[] args) throws IOException {
        Path data = Path.of(args[0]);
        Path report = Path.of(args[1]);
        StringBuilder md = new StringBuilder(Files.readString(Path.of(args[2])));
        for (String lang : List.of("en", "zh")) {
            List<Doc> docs = read(data.resolve(lang).resolve("summaries.jsonl"));
            EmbeddingModel model = lang.equals("en") ? BuiltInEmbeddings.fp32(2) : BuiltInEmbeddings.bgeZhFp32(2);
            List<Row> rows = run(model, docs);
            md.append(section(lang, rows));
            model.close();
        }
        md.append(splitterAgreement(data.resolve("en").resolve("summaries-sentences.jsonl")));
        Files.writeString(report, md.toString());
        System.out.println(md);
    }

    static List<Doc> read(Path file) throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        List<Doc> docs = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                JsonNode n = json.readTree(line);
                docs.add(new Doc(n.get("id").asString(), n.get("genre").asString(), n.get("text").asString(), n.get("reference").asString()));
            }
        }
        return docs;
    }

    static List<Row> run(EmbeddingModel model, List<Doc> docs) {
        ExtractiveSummarizer summarizer = new ExtractiveSummarizer(model, 0.7);
        SentenceEncoder tokens = SentenceEncoder.of(model);
        List<Row> rows = new ArrayList<>();
        for (Doc d : docs) {
            int budget = tokens.countTokens(d.reference());
            DocumentInput input = summarizer.prepare(d.text(), false, new InferenceParameters(budget, null, null, null, null));
            TaskOutput out = summarizer.run(List.of(input)).getFirst();
            List<String> units = input.sentences();
            int k = (int) units.stream().filter(u -> out.text().contains(u)).count();
            rows.add(new Row(d, budget, out.text(), lead(units, 3, budget, tokens), lead(units, Math.max(1, k), budget, tokens),
                    leadFill(units, budget, tokens), k, units.size()));
        }
        summarizer.close();
        return rows;
    }

    /** The first {@code k} sentences, stopping at the first that would overflow the budget (clipped if even the first does). */
    static String lead(List<String> units, int k, int budget, SentenceEncoder tokens) {
        StringBuilder text = new StringBuilder();
        int spent = 0;
        for (int i = 0; i < Math.min(k, units.size()); i++) {
            int t = tokens.countTokens(units.get(i));
            if (spent + t > budget) {
                break;
            }
            spent += t;
            text.append(text.isEmpty() ? "" : " ").append(units.get(i));
        }
        return text.isEmpty() ? Clipper.clip(units.getFirst(), budget, tokens::countTokens).text() : text.toString();
    }

    /** The document's opening cut at the budget, mid-sentence if need be (DUC's length-limited lead): the strongest lead. */
    static String leadFill(List<String> units, int budget, SentenceEncoder tokens) {
        StringBuilder text = new StringBuilder();
        int spent = 0;
        for (String u : units) {
            int t = tokens.countTokens(u);
            if (spent + t > budget) {
                if (budget - spent > 0) {
                    text.append(text.isEmpty() ? "" : " ").append(Clipper.clip(u, budget - spent, tokens::countTokens).text());
                }
                break;
            }
            spent += t;
            text.append(text.isEmpty() ? "" : " ").append(u);
        }
        return text.toString();
    }

    static String section(String lang, List<Row> rows) {
        boolean zh = lang.equals("zh");
        double[] sum = new double[12];
        int wins = 0, ties = 0;
        double[] diffs = new double[rows.size()];
        Map<String, double[]> genres = new TreeMap<>();
        for (Row r : rows) {
            RougeL s = RougeL.score(r.summary(), r.doc().reference(), zh);
            RougeL l3 = RougeL.score(r.lead3(), r.doc().reference(), zh);
            RougeL lk = RougeL.score(r.leadK(), r.doc().reference(), zh);
            RougeL lf = RougeL.score(r.leadFill(), r.doc().reference(), zh);
            double[] add = {s.f1(), s.precision(), s.recall(), l3.f1(), l3.precision(), l3.recall(), lk.f1(), lk.precision(), lk.recall(),
                    lf.f1(), lf.precision(), lf.recall()};
            for (int i = 0; i < add.length; i++) {
                sum[i] += add[i];
            }
            diffs[rows.indexOf(r)] = s.f1() - l3.f1();
            wins += s.f1() > l3.f1() + 1e-12 ? 1 : 0;
            ties += Math.abs(s.f1() - l3.f1()) <= 1e-12 ? 1 : 0;
            double[] g = genres.computeIfAbsent(r.doc().genre(), x -> new double[4]);
            g[0]++;
            g[1] += s.f1();
            g[2] += l3.f1();
            g[3] += lk.f1();
        }
        int n = rows.size();
        double units = rows.stream().mapToInt(Row::units).average().orElse(0);
        double budget = rows.stream().mapToInt(Row::budget).average().orElse(0);
        double k = rows.stream().mapToInt(Row::k).average().orElse(0);
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "%n## %s — %d documents (%s)%n%n", zh ? "Chinese" : "English", n,
                zh ? "summarizer-bge-zh over bge-small-zh-v1.5 fp32; ROUGE-L on characters" : "summarizer-minilm over all-MiniLM-L6-v2 fp32; ROUGE-L on lower-cased words"));
        md.append(String.format(Locale.ROOT, "Mean %.1f sentences per document; budget = the reference's length, mean %.1f model tokens; the summarizer chose %.2f sentences on average (lead-k takes that many per document).%n%n",
                units, budget, k));
        md.append("| system | ROUGE-L F1 | precision | recall |\n|---|---|---|---|\n");
        String[] names = {"summarizer", "lead-3", "lead-k", "lead-fill"};
        for (int i = 0; i < names.length; i++) {
            md.append(String.format(Locale.ROOT, "| %s | **%.4f** | %.4f | %.4f |%n", names[i], sum[3 * i] / n, sum[3 * i + 1] / n, sum[3 * i + 2] / n));
        }
        double[] ci = bootstrap(diffs);
        md.append(String.format(Locale.ROOT, "%nPer document, the summarizer beats lead-3 on %d, ties on %d, loses on %d. "
                + "Mean difference %+.4f, 95%% paired bootstrap interval [%+.4f, %+.4f] (10,000 resamples of the documents, seed 1).%n%n",
                wins, ties, n - wins - ties, mean(diffs), ci[0], ci[1]));
        md.append("| genre | documents | summarizer | lead-3 | lead-k |\n|---|---|---|---|---|\n");
        genres.forEach((g, v) -> md.append(String.format(Locale.ROOT, "| %s | %d | %.3f | %.3f | %.3f |%n", g, (int) v[0], v[1] / v[0], v[2] / v[0], v[3] / v[0])));
        return md.toString();
    }

    static double mean(double[] v) {
        double sum = 0;
        for (double x : v) {
            sum += x;
        }
        return sum / v.length;
    }

    /** 2.5th and 97.5th percentiles of the mean of documents drawn with replacement: how much the set's choice moves the figure. */
    static double[] bootstrap(double[] diffs) {
        java.util.Random random = new java.util.Random(1);
        double[] means = new double[10_000];
        for (int b = 0; b < means.length; b++) {
            double sum = 0;
            for (int i = 0; i < diffs.length; i++) {
                sum += diffs[random.nextInt(diffs.length)];
            }
            means[b] = sum / diffs.length;
        }
        java.util.Arrays.sort(means);
        return new double[] {means[(int) (means.length * 0.025)], means[(int) (means.length * 0.975) - 1]};
    }

    /** How often the splitter finds exactly the sentences the data's writers marked (English set). */
    static String splitterAgreement(Path gold) throws IOException {
        if (!Files.exists(gold)) {
            return "";
        }
        JsonMapper json = JsonMapper.builder().build();
        SentenceSplitter splitter = new SentenceSplitter();
        int same = 0, goldCount = 0, found = 0, docs = 0;
        Map<String, String> texts = new TreeMap<>();
        for (Doc d : read(gold.resolveSibling("summaries.jsonl"))) {
            texts.put(d.id(), d.text());
        }
        for (String line : Files.readAllLines(gold)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode n = json.readTree(line);
            String text = texts.get(n.get("id").asString());
            if (text == null) {
                continue;
            }
            docs++;
            List<String> expected = new ArrayList<>();
            n.get("sentences").forEach(s -> expected.add(s.asString()));
            List<String> got = splitter.split(text);
            goldCount += expected.size();
            found += got.size();
            same += (int) got.stream().filter(expected::contains).count();
        }
        double p = (double) same / found, r = (double) same / goldCount;
        return String.format(Locale.ROOT, "%n## Sentence splitter against the English set's marked sentences%n%n"
                + "%d documents, %d marked sentences, %d found, %d identical: precision %.3f, recall %.3f.%n", docs, goldCount, found, same, p, r);
    }
}
