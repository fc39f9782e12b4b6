#!/usr/bin/env bash
# Builds the three images from the repository root: stages the jars with Maven, then docker build.
#   k8s/images/build.sh [registry/prefix] [tag]      default: ghcr.io/iotstream 0.1.0-SNAPSHOT
# Needs Maven, Java 17 and a Docker (or compatible: podman, buildah bud) engine; IMAGE_BUILDER=podman to switch.
# Without an engine, STAGE_ONLY=1 stops after staging (what the k8s module's tests can check).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
prefix=${1:-ghcr.io/iotstream}
tag=${2:-0.1.0-SNAPSHOT}
builder=${IMAGE_BUILDER:-docker}
cd "$root"

mvn -B -ntp -DskipTests -pl scoring-streams,simulator,training-spark -am install
for module in scoring-streams simulator; do
  rm -rf "$module/target/image-lib"
  mvn -B -ntp -q -pl "$module" dependency:copy-dependencies -DincludeScope=runtime \
    -DoutputDirectory=target/image-lib
  cp "$module"/target/iotstream-"$module"-*.jar "$module/target/image-lib/"
  rm -f "$module"/target/image-lib/*-sources.jar "$module"/target/image-lib/*-tests.jar
done
rm -rf training-spark/target/image-lib && mkdir -p training-spark/target/image-lib
cp training-spark/target/iotstream-training-spark-*-spark.jar \
  training-spark/target/image-lib/iotstream-training-spark-spark.jar

if [ "${STAGE_ONLY:-0}" = 1 ]; then
  echo "staged: scoring-streams/target/image-lib, simulator/target/image-lib, training-spark/target/image-lib"
  exit 0
fi
command -v "$builder" >/dev/null || { echo "build.sh: no $builder found: install one, or STAGE_ONLY=1" >&2; exit 2; }
"$builder" build -f k8s/images/scorer/Dockerfile -t "$prefix/scorer:$tag" .
"$builder" build -f k8s/images/simulator/Dockerfile -t "$prefix/simulator:$tag" .
"$builder" build -f k8s/images/training/Dockerfile -t "$prefix/training:$tag" .
echo "built $prefix/{scorer,simulator,training}:$tag"
