#!/usr/bin/env bash
# Installs every Debian package mkemu needs to build, test and benchmark.
# Idempotent and quiet when everything is present; needs root for apt-get.
set -euo pipefail

packages=(
  # toolchain
  g++ cmake ninja-build gcc-multilib clang-14 libclang-rt-14-dev clang-format
  # libraries
  libcapstone-dev libgtest-dev libgmock-dev libbenchmark-dev zlib1g-dev
  libsdl2-dev libcli11-dev libedit-dev libxxhash-dev libpng-dev
  # test oracles
  qemu-system-x86 gdb
  # benchmark peers
  bochs bochsbios vgabios
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: need root to install Debian packages (run as root or with sudo)" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
