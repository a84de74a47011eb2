#!/usr/bin/env bash
# The heavier checks of the test-time budget (../shared/COURSE.md); .ci/run runs them after the README's test command.
#  (a) offline: every lesson's quick cells with no ../shared data and no network. Lessons fall back on built-in
#      stand-ins, say so in their output, and skip the checks that need the real data.
#  (b) Colab: the package installed NON-editably into a fresh virtual environment, the notebooks copied to a folder
#      outside the repository, their quick cells run there. MNIST is a copy of ../shared's files, as if its 11 MB had
#      been downloaded (Fashion-MNIST likewise, when Debian's package is here); LSUN is not there (Colab's quick cells do not download 4.6 GB either).
# Usage: bash tools/test_offline.sh [offline|colab]   (default: both)
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"
work="$(mktemp -d -t gan_lessons_checks.XXXXXX)"
trap 'rm -rf "$work"' EXIT
export MPLBACKEND=Agg OMP_NUM_THREADS=1
# No network: every download (urllib, torchvision) goes through a proxy that is not there and fails at once.
export http_proxy=http://127.0.0.1:9 https_proxy=http://127.0.0.1:9 HTTP_PROXY=http://127.0.0.1:9 HTTPS_PROXY=http://127.0.0.1:9
export no_proxy= NO_PROXY=
unset GAN_LESSONS_DATA
which="${1:-both}"
start=$SECONDS
if [ "$which" != colab ]; then
  echo "(a) offline: no ../shared data, no network"
  mkdir "$work/no_data"
  GAN_LESSONS_DATA="$work/no_data" python tools/run_lessons.py nbs
  echo "(a) offline: $((SECONDS - start)) s"
fi
if [ "$which" != offline ]; then
  echo "(b) Colab stand-in: non-editable install in a fresh venv, notebooks outside the repository"
  python -m venv --system-site-packages "$work/venv"          # torch and the rest come from this Python: no download
  "$work/venv/bin/python" -m pip install -q --no-deps --no-build-isolation "$repo"
  mkdir "$work/colab" "$work/colab_data"
  cp nbs/*.ipynb "$work/colab/"
  if [ -d "$repo/../shared/data/mnist" ]; then cp -r "$repo/../shared/data/mnist" "$work/colab_data/mnist"; fi
  bash tools/fashion_mnist.sh "$work/colab_data"                # Fashion-MNIST too, as if its 30 MB had been downloaded
  GAN_LESSONS_DATA="$work/colab_data" "$work/venv/bin/python" tools/run_lessons.py "$work/colab" --expect-package "$work/venv"
  echo "(b) Colab: $((SECONDS - start)) s in all"
fi
