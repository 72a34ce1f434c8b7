#!/usr/bin/env bash
# Runs `kdlab bench` (teacher cache on, then off) and the PyTorch eager peer on the same workloads, one after
# the other, and prints the figures and the ratios. Usage:
#   benchmarks/peers/compare.sh [WORKLOAD...]        (default: st-mlp st-resnet20)
# The peer is a current PyTorch where one can be found: $KDLAB_PEER_PYTHONPATH, else a torch-2.*+cpu wheel
# under /opt/wheels (installed once into /tmp/kdlab-peer-torch with pip --no-index), else Debian's python3-torch.
# Threads: both sides get $THREADS (default: every CPU). Extra kdlab bench flags: $BENCH_FLAGS.
# REPEAT=K (default 1) runs the three in turn K times and keeps each one's best figure: on a shared machine a
# burst of someone else's work slows whichever run it lands on, and the best of K alternating runs is the
# figure least disturbed by it. Every run's figure is printed.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
threads="${THREADS:-$(nproc)}"
workloads=("$@")
[[ ${#workloads[@]} -eq 0 ]] && workloads=(st-mlp st-resnet20)

peer_path="${KDLAB_PEER_PYTHONPATH:-}"
if [[ -z "$peer_path" ]]; then
  wheel="$(find /opt/wheels -maxdepth 1 -name 'torch-2.*+cpu*.whl' 2>/dev/null | sort | tail -1 || true)"
  if [[ -n "$wheel" ]]; then
    peer_path=/tmp/kdlab-peer-torch
    if [[ ! -d "$peer_path/torch" ]]; then
      echo "installing $(basename "$wheel") into $peer_path" >&2
      pip install --quiet --no-index --no-deps --target "$peer_path" "$wheel" >&2
    fi
  fi
fi
peer_version="$(PYTHONPATH="$peer_path" python3 -c 'import torch; print(torch.__version__)')"
echo "machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), threads $threads"
echo "peer: PyTorch $peer_version eager${peer_path:+ (PYTHONPATH=$peer_path)}"

value() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p" | tail -1; }


for w in "${workloads[@]}"; do
  echo "== $w"
  ons=""; offs=""; peers=""
  for ((r = 1; r <= ${REPEAT:-1}; r++)); do
    on="$("$root/kdlab" bench "$w" --threads "$threads" ${BENCH_FLAGS:-} 2>/dev/null)"
    off="$("$root/kdlab" bench "$w" --threads "$threads" --teacher-cache off ${BENCH_FLAGS:-} 2>/dev/null)"
    peer="$(PYTHONPATH="$peer_path" python3 "$here/peer.py" "$w" --threads "$threads")"
    [[ $r -eq 1 ]] && echo "$on" | head -n -1 | sed 's/^/  kdlab (cache auto): /'
    echo "  run $r: kdlab cache auto $(tail -1 <<<"$on"); cache off $(tail -1 <<<"$off"); peer $(tail -1 <<<"$peer")"
    ons+="$(grep -o 'samples_per_s=[0-9.]* gemm_fraction=[0-9.]*' <<<"$on")"$'\n'
    offs+="$(grep -o 'samples_per_s=[0-9.]* gemm_fraction=[0-9.]*' <<<"$off")"$'\n'
    peers+="$(grep -o 'samples_per_s=[0-9.]*' <<<"$peer")"$'\n'
  done
  k_on="$(sed '/^$/d' <<<"$ons" | sort -t= -k2 -g | tail -1)"; k_off="$(sed '/^$/d' <<<"$offs" | sort -t= -k2 -g | tail -1)"
  p="$(sed '/^$/d' <<<"$peers" | sort -t= -k2 -g | tail -1)"
  python3 - "$w" "$(value samples_per_s <<<"$k_on")" "$(value gemm_fraction <<<"$k_on")" "$(value samples_per_s <<<"$k_off")" \
      "$(value gemm_fraction <<<"$k_off")" "$(value samples_per_s <<<"$p")" "${REPEAT:-1}" <<'PY'
import sys
w, k_on, f_on, k_off, f_off, p, n = sys.argv[1], *map(float, sys.argv[2:])
best = "" if n == 1 else f" (best of {n:.0f})"
print(f"  {w}{best}: kdlab {k_on:.0f} samples/s (gemm_fraction {f_on:.3f}) = {k_on / p:.2f}x the peer; "
      f"cache off {k_off:.0f} samples/s (gemm_fraction {f_off:.3f}) = {k_off / p:.2f}x; peer {p:.0f} samples/s")
PY
done
