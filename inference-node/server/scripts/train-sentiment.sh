#!/bin/sh
# Retrains the built-in sentiment head from the committed dataset and rewrites
# src/main/resources/builtin/sentiment-minilm/head.json (deterministic: same data, same weights).
# Usage: inference-node/server/scripts/train-sentiment.sh   (from anywhere)
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"
./mvnw -B -q test-compile dependency:build-classpath -pl inference-node/protocol,inference-node/server \
  -Dmdep.includeScope=test -Dmdep.outputFile="$here/target/test-classpath.txt"
java_home=$(.mvn/find-jdk)
cd "$here"
exec "$java_home/bin/java" --enable-native-access=ALL-UNNAMED \
  -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  dev.lmaas.node.task.classify.SentimentTraining "$@"
