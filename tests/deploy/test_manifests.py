#!/usr/bin/env python3
"""deploy/: the Kubernetes manifests parse as YAML and carry what an Indexed Job and its merge
need, consistently (N in completions, --shard auto/N and the file names); the Slurm scripts pass
bash -n and chain the merge with afterok. Exits non-zero with one line per problem."""
import os
import re
import subprocess
import sys

import yaml

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "deploy")
problems = []


def check(ok, what):
    if not ok:
        problems.append(what)


def load(name):
    with open(os.path.join(root, "k8s", name)) as f:
        docs = [d for d in yaml.safe_load_all(f) if d is not None]
    check(len(docs) == 1, f"{name}: expected one document, found {len(docs)}")
    return docs[0]


def container_command(job):
    c = job["spec"]["template"]["spec"]["containers"][0]
    return " ".join(c.get("command", []) + c.get("args", []))


tiles = load("tiles-job.yaml")
merge = load("merge-job.yaml")
volume = load("volume.yaml")

check(tiles["apiVersion"] == "batch/v1" and tiles["kind"] == "Job", "tiles-job.yaml: not a batch/v1 Job")
spec = tiles["spec"]
check(spec.get("completionMode") == "Indexed", "tiles-job.yaml: completionMode is not Indexed")
n = spec.get("completions")
check(isinstance(n, int) and n >= 1, "tiles-job.yaml: completions must be a positive integer")
check(isinstance(spec.get("parallelism"), int) and 1 <= spec["parallelism"] <= (n or 0),
      "tiles-job.yaml: parallelism must be 1..completions")
check(spec["template"]["spec"].get("restartPolicy") in ("Never", "OnFailure"),
      "tiles-job.yaml: a Job's pods need restartPolicy Never or OnFailure")
cmd = container_command(tiles)
check(f"--shard auto/{n}" in cmd, f"tiles-job.yaml: the command does not say --shard auto/{n}")
check("${JOB_COMPLETION_INDEX}" in cmd, "tiles-job.yaml: the output file does not carry JOB_COMPLETION_INDEX")
check(f"-of-{n}.mbtiles" in cmd, f"tiles-job.yaml: the output file does not name N={n}")
check("--resume" in cmd, "tiles-job.yaml: a retried pod must --resume its shard")
check("--date" in cmd, "tiles-job.yaml: pin --date, or pods started on different days make different shards")

check(merge["kind"] == "Job" and merge["spec"].get("completions", 1) == 1, "merge-job.yaml: not a single Job")
mcmd = container_command(merge)
check("tiles merge" in mcmd, "merge-job.yaml: does not run sahelmap tiles merge")
m = re.search(r"seq -f '([^']+)' 0 (\d+)", mcmd)
check(m is not None and int(m.group(2)) == (n or 0) - 1 and m.group(1).endswith(f"-of-{n}.mbtiles"),
      f"merge-job.yaml: does not list the shards 0..{(n or 0) - 1} of {n}")
check("$$(" in mcmd, "merge-job.yaml: $(...) must be written $$(...) in a manifest")

claims = {v["persistentVolumeClaim"]["claimName"]
          for job in (tiles, merge) for v in job["spec"]["template"]["spec"]["volumes"]}
check(claims == {volume["metadata"]["name"]}, f"the Jobs mount {claims}, the claim is {volume['metadata']['name']}")
check("ReadWriteMany" in volume["spec"]["accessModes"], "volume.yaml: the pods write at once: ReadWriteMany")

for script in ("slurm/tiles.sbatch", "slurm/merge.sbatch", "slurm/submit.sh", "k8s/run.sh"):
    path = os.path.join(root, script)
    r = subprocess.run(["bash", "-n", path], capture_output=True, text=True)
    check(r.returncode == 0, f"{script}: {r.stderr.strip()}")
    check(os.access(path, os.X_OK), f"{script}: not executable")
with open(os.path.join(root, "slurm", "submit.sh")) as f:
    submit = f.read()
check("--dependency=afterok:" in submit, "slurm/submit.sh: the merge does not depend on the array (afterok)")
check("--array=0-" in submit, "slurm/submit.sh: no job array")
with open(os.path.join(root, "slurm", "tiles.sbatch")) as f:
    sbatch = f.read()
check('--shard "auto/$SHARDS"' in sbatch, "slurm/tiles.sbatch: not --shard auto/$SHARDS")

for p in problems:
    print("deploy: " + p)
print(f"deploy manifests: {len(problems)} problem(s); Indexed Job of {n} completions, parallelism {spec.get('parallelism')}")
sys.exit(1 if problems else 0)
