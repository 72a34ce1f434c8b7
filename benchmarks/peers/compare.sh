#!/usr/bin/env bash
# Runs `kdlab bench` (teacher cache on, then off) and the PyTorch eager peer on the same workloads, one after
# the other, and prints the figures and the ratios. Usage:
#   benchmarks/peers/compare.sh [WORKLOAD...]        (default: st-mlp st-resnet20)
# The peer is a current PyTorch where one can be found: $KDLAB_PEER_PYTHONPATH, else a torch-2.*+cpu wheel
# under /opt/wheels (installed once into /tmp/kdlab-peer-torch with pip --no-index), else Debian's python3-torch.
# Threads: both sides get $THREADS (default: every CPU). Extra kdlab bench flags: $BENCH_FLAGS.
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
  on="$("$root/kdlab" bench "$w" --threads "$threads" ${BENCH_FLAGS:-} 2>/dev/null)"
  off="$("$root/kdlab" bench "$w" --threads "$threads" --teacher-cache off ${BENCH_FLAGS:-} 2>/dev/null)"
  peer="$(PYTHONPATH="$peer_path" python3 "$here/peer.py" "$w" --threads "$threads")"
  k_on="$(value samples_per_s <<<"$on")"; f_on="$(value gemm_fraction <<<"$on")"
  k_off="$(value samples_per_s <<<"$off")"; f_off="$(value gemm_fraction <<<"$off")"
  p="$(value samples_per_s <<<"$peer")"
  echo "== $w"
  echo "$on" | sed 's/^/  kdlab (cache auto): /'
  echo "$off" | tail -1 | sed 's/^/  kdlab (cache off):  /'
  echo "$peer" | sed 's/^/  peer: /'
  python3 - "$w" "$k_on" "$f_on" "$k_off" "$f_off" "$p" <<'PY'
import sys
w, k_on, f_on, k_off, f_off, p = sys.argv[1], *map(float, sys.argv[2:])
print(f"  {w}: kdlab {k_on:.0f} samples/s (gemm_fraction {f_on:.3f}) = {k_on / p:.2f}x the peer; "
      f"cache off {k_off:.0f} samples/s (gemm_fraction {f_off:.3f}) = {k_off / p:.2f}x; peer {p:.0f} samples/s")
PY
done
