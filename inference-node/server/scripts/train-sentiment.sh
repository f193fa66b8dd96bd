#!/bin/sh
# Retrains the built-in sentiment heads from their committed data and rewrites
# src/main/resources/builtin/<head>/head.json and README.md (deterministic: same data, same weights).
# Usage (from anywhere):
#   inference-node/server/scripts/train-sentiment.sh [head-id...]       # sentiment-minilm, sentiment-bge-zh; default both
#   inference-node/server/scripts/train-sentiment.sh cv <head-id> [base-model-id]   # 5-fold CV on train.tsv only
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"
./mvnw -B -q test-compile dependency:build-classpath -pl inference-node/server -am \
  -Dmdep.includeScope=test -Dmdep.outputFile="$here/target/test-classpath.txt"
java_home=$(.mvn/find-jdk)
main=dev.lmaas.node.task.classify.SentimentTraining
if [ "${1:-}" = cv ]; then
  shift
  main=dev.lmaas.node.task.classify.SentimentCrossValidation
fi
cd "$here"
exec "$java_home/bin/java" --enable-native-access=ALL-UNNAMED \
  -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" "$main" "$@"
