#!/usr/bin/env bash
# Transport benchmarks: NettyTcpTransport round trip vs a plain blocking-socket ping-pong (the
# floor), and pipelined one-way 1 KiB throughput on one connection. About 2 minutes.
# Pass JMH options to override, e.g. bench/core/run.sh -f 3 -wi 5 -i 5
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q -pl cluster-core install -DskipTests
mvn -B -q -pl bench/core package
java -jar bench/core/target/benchmarks.jar 'io.dsync.bench.transport' \
  -f 1 -wi 2 -w 3s -i 3 -r 3s -rf json -rff bench/core/target/transport-results.json "$@"
