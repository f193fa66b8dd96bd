#!/bin/sh
# Summary quality benchmark: ROUGE-L F1 of the built-in extractive summarizers (summarizer-minilm,
# summarizer-bge-zh) against lead-3 and lead-k on the project's English and Chinese sets in
# bench/summaries/data/ (documents with reference summaries), all under the same budget (the
# reference's length in the model's tokens). One command, from anywhere:
#   bench/summaries/run.sh        (about 2 minutes; writes bench/results/summaries-<date>.md)
#   LMAAS_BENCH_QUICK=1 bench/summaries/run.sh   (the same work, report written to bench/work/summaries/ only)
# In process: the node link (mTLS) is not involved.
# Builds through the reactor (nothing is installed into ~/.m2). Not a test: nothing fails on a number.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
work="$root/bench/work/summaries"
mkdir -p "$work" bench/results
java_home=$(.mvn/find-jdk)
java="$java_home/bin/java"
server=inference-node/server

echo "== building the node and its test classes (no tests run)"
./mvnw -B -q test-compile dependency:build-classpath -pl $server -am \
  -Dmdep.includeScope=test -Dmdep.outputFile="$work/classpath.txt"

report="bench/results/summaries-$(date -u +%Y-%m-%d).md"
[ "${LMAAS_BENCH_QUICK:-0}" != 1 ] || report="$work/summaries-quick.md"
commit=$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- inference-node bench/summaries 2>/dev/null || echo "+local changes")
cat > "$work/header.md" <<MD
# Summary quality benchmark — $(date -u +%Y-%m-%dT%H:%MZ)

| machine | |
|---|---|
| cores (nproc) | $(nproc) |
| CPU | $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1) |
| JDK | $("$java" -version 2>&1 | head -1) |
| git commit | $commit |
| data | bench/summaries/data/{en,zh}/summaries.jsonl (written for the project; reference summaries are abstractive) |

Every system gets the same budget per document: the reference summary's length in the summarizer's
own model tokens (MiniLM WordPiece for English, bge-small-zh for Chinese). **summarizer**: the node's
\`ExtractiveSummarizer\` with \`maxTokens\` = budget. **lead-3**: the first three sentences (same
splitter), stopping at the first that would overflow the budget. **lead-k**: the first k sentences,
k = how many the summarizer chose for that document, same rule. **lead-fill**: the document's opening
cut at the budget, mid-sentence if need be (the length-limited lead of the DUC evaluations; not a
summary a user would accept, but the strongest form of the lead baseline). ROUGE-L = LCS-based F1 (Lin 2004),
English on lower-cased words, Chinese on characters; punctuation and spaces are not counted.
The summarizer runs with its shipped settings (centrality to the centroid, MMR lambda 0.7, no
position prior): nothing was tuned on this set. One disclosure: the splitter's rule for "a.m." and
"p.m." was corrected after reading its five disagreements with the English set's marked sentences.
MD
"$java" --enable-native-access=ALL-UNNAMED \
  -cp "$server/target/test-classes:$server/target/classes:$(cat "$work/classpath.txt")" \
  dev.lmaas.node.task.summarize.SummaryBench bench/summaries/data "$report" "$work/header.md"
echo "== report: $report"
