#!/usr/bin/env bash
# Full JCache benchmark run: dsync vs Caffeine JCache vs Ehcache 3, store-by-value and
# store-by-reference, get-hit / put / 80-20 mix at 1 and 2 threads (JMH, one harness).
# Takes about 36 rows x (3 forks x (5+5) x 2 s) ~ 40 minutes: run it on a quiet machine.
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q -pl bench/jcache -am package -DskipTests
java -jar bench/jcache/target/benchmarks.jar 'io.dsync.bench.jcache.JCacheBenchmark' \
  -f 3 -wi 5 -w 2s -i 5 -r 2s -rf json -rff bench/jcache/target/jcache-results.json "$@"
