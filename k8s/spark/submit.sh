#!/usr/bin/env bash
# iotgen and iottrain with spark-submit straight against the Kubernetes API (no operator): the driver runs in a pod
# of the training image, in the namespace given, as the iotstream-spark service account (base/spark-rbac.yaml).
#   k8s/spark/submit.sh <namespace> gen 100000000 100 400 s3a://iotstream-data/dev/train --format parquet --seed 7
#   k8s/spark/submit.sh <namespace> train s3a://iotstream-data/dev/train --publish s3://iotstream-models/dev \
#       --promote-if 'auc>=0.97' --max-regression 0.005
# Needs a Spark 4.2 distribution (SPARK_HOME) and a kubeconfig; K8S_API (default: the current context's server),
# IMAGE (default ghcr.io/iotstream/training:0.1.0), EXECUTORS (default 10).
# S3 credentials reach driver and executors from the iotstream-s3 Secret, never from this machine.
set -euo pipefail
[ $# -ge 2 ] || { sed -n '2,9p' "$0" >&2; exit 2; }
namespace=$1; shift
api=${K8S_API:-$(kubectl config view --minify -o jsonpath='{.clusters[0].cluster.server}')}
image=${IMAGE:-ghcr.io/iotstream/training:0.1.0}
exec "${SPARK_HOME:?set SPARK_HOME to a Spark 4.2 distribution}/bin/spark-submit" \
  --master "k8s://$api" --deploy-mode cluster --name "iotstream-$1" \
  --conf spark.kubernetes.namespace="$namespace" \
  --conf spark.kubernetes.container.image="$image" \
  --conf spark.kubernetes.authenticate.driver.serviceAccountName=iotstream-spark \
  --conf spark.kubernetes.driver.secretKeyRef.AWS_ACCESS_KEY_ID=iotstream-s3:AWS_ACCESS_KEY_ID \
  --conf spark.kubernetes.driver.secretKeyRef.AWS_SECRET_ACCESS_KEY=iotstream-s3:AWS_SECRET_ACCESS_KEY \
  --conf spark.kubernetes.executor.secretKeyRef.AWS_ACCESS_KEY_ID=iotstream-s3:AWS_ACCESS_KEY_ID \
  --conf spark.kubernetes.executor.secretKeyRef.AWS_SECRET_ACCESS_KEY=iotstream-s3:AWS_SECRET_ACCESS_KEY \
  --conf spark.kubernetes.driver.secrets.iotstream-model-signing=/etc/iotstream/signing \
  --conf spark.kubernetes.driverEnv.AWS_REGION="${AWS_REGION:-eu-west-1}" \
  --conf spark.executorEnv.AWS_REGION="${AWS_REGION:-eu-west-1}" \
  --conf spark.executor.instances="${EXECUTORS:-10}" \
  --conf spark.ui.enabled=false \
  --class io.iotstream.training.cli.TrainingCommand \
  local:///opt/iotstream/iotstream-training-spark-spark.jar "$@"
