#!/bin/bash
# Renders the pyramid on Kubernetes: the volume, the Indexed Job (one shard per index), then, once
# every index has succeeded, the merge Job. Edit the manifests first (image, bbox, zooms, date, N).
#   deploy/k8s/run.sh [NAMESPACE]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
ns=(--namespace "${1:-default}")
kubectl "${ns[@]}" apply -f "$here/volume.yaml"
kubectl "${ns[@]}" delete job sahelmap-tiles sahelmap-merge --ignore-not-found
kubectl "${ns[@]}" apply -f "$here/tiles-job.yaml"
kubectl "${ns[@]}" wait --for=condition=complete --timeout=48h job/sahelmap-tiles
kubectl "${ns[@]}" apply -f "$here/merge-job.yaml"
kubectl "${ns[@]}" wait --for=condition=complete --timeout=2h job/sahelmap-merge
kubectl "${ns[@]}" logs job/sahelmap-merge
