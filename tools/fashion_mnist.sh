#!/usr/bin/env bash
# Fashion-MNIST for the tests, with no download: Debian's package dataset-fashion-mnist (installed here if it is
# missing and this is root with apt-get; a machine without it gets lesson 12's labelled stand-in), unpacked where
# torchvision looks for it below the data folder: DATA/fashionmnist/FashionMNIST/raw.
# Usage: bash tools/fashion_mnist.sh DATA
set -uo pipefail
data="$1"; src=/usr/share/datasets/fashion-mnist
if [ ! -d "$src" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  timeout 180 apt-get install -y -qq dataset-fashion-mnist >/dev/null 2>&1 || true
fi
if [ ! -d "$src" ]; then echo "Fashion-MNIST: not installed (apt-get install dataset-fashion-mnist); lesson 12 uses its stand-in."; exit 0; fi
raw="$data/fashionmnist/FashionMNIST/raw"
mkdir -p "$raw"
for f in "$src"/*-ubyte.gz; do gunzip -c "$f" > "$raw/$(basename "$f" .gz)"; done   # Debian recompressed the .gz files: unpacked, torchvision uses them as they are
echo "Fashion-MNIST: $raw (from $src)"
