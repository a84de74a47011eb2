#!/usr/bin/env bash
# Every test of gan_lessons, offline: the lessons (nbdev_test), then the system tests (pytest).
#
# Data: the lessons load real data sets through the library's own code, from the folder $GAN_LESSONS_DATA.
# If it is not set and ../shared/data exists beside this repository (CI and the developers' machines), a temporary
# data folder is made from it: a writable copy of the MNIST files (torchvision unpacks beside them) and a link to
# the LSUN bedroom sample where the unpacked bedroom.tgz would be, and Fashion-MNIST from Debian's dataset-fashion-mnist
# (tools/fashion_mnist.sh). Elsewhere the lessons download what they need.
set -euo pipefail
cd "$(dirname "$0")/.."
shared="$(pwd)/../shared/data"
if [ -z "${GAN_LESSONS_DATA:-}" ] && [ -d "$shared" ]; then
  GAN_LESSONS_DATA="$(mktemp -d -t gan_lessons_data.XXXXXX)"
  trap 'rm -rf "$GAN_LESSONS_DATA"' EXIT
  cp -r "$shared/mnist" "$GAN_LESSONS_DATA/mnist"
  ln -s "$shared/lsun_bedroom_sample/images" "$GAN_LESSONS_DATA/bedroom"
  bash tools/fashion_mnist.sh "$GAN_LESSONS_DATA"
  export GAN_LESSONS_DATA
  echo "test data: $GAN_LESSONS_DATA (from $shared)"
fi
export MPLBACKEND=Agg
start=$SECONDS
# The library and the notebooks must agree, and committed notebooks must be clean (what nbdev's CI checks).
# Checked only on a clean git tree, so that work in progress is never touched.
if git rev-parse --git-dir >/dev/null 2>&1 && [ -z "$(git status --porcelain)" ]; then
  nbdev_export && nbdev_clean
  if [ -n "$(git status --porcelain)" ]; then
    git status --short
    echo "FAILED: nbdev_export / nbdev_clean changed the files above: export and clean the notebooks, then commit."
    exit 1
  fi
  echo "nbdev_export and nbdev_clean leave the tree unchanged."
fi
python tools/readme.py --check
# Lessons run two at a time; each gets one thread so the two do not fight over the cores.
OMP_NUM_THREADS=1 nbdev_test --n_workers "${NBDEV_WORKERS:-2}" --do_print --timing
echo "nbdev_test: $((SECONDS - start)) s"
python -m pytest -q tests
echo "all tests: $((SECONDS - start)) s"
