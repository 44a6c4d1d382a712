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

# GNU Mach 1.8 (i386), the real microkernel guest: downloaded from Debian
# without installing it, pinned by version and by the kernel's SHA-256 so
# golden traces cannot change underneath us.
gnumach_version='2:1.8+git20221224-2'
gnumach_sha256='99d77e7d11d1c097cb786892a98a765dea102976f224c0130d6c9b154427363d'
gnumach_dir="$(cd "$(dirname "$0")" && pwd)/.cache/gnumach"
gnumach_kernel="$gnumach_dir/gnumach-1.8-486"

gnumach_ok() {
  [ -f "$gnumach_kernel" ] && echo "$gnumach_sha256  $gnumach_kernel" | sha256sum -c --quiet - 2>/dev/null
}

if ! gnumach_ok; then
  echo "setup: fetching gnumach-image-1.8-486:i386=$gnumach_version"
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: need root to fetch GNU Mach with apt-get" >&2
    exit 1
  fi
  added_i386=0
  if ! dpkg --print-foreign-architectures | grep -qx i386 && [ "$(dpkg --print-architecture)" != i386 ]; then
    dpkg --add-architecture i386
    added_i386=1
  fi
  # The i386 security index can fail on this mirror; the main index is enough.
  apt-get update -qq >/dev/null 2>&1 || true
  work=$(mktemp -d)
  chmod 755 "$work"
  (cd "$work" && apt-get download -qq "gnumach-image-1.8-486:i386=$gnumach_version" >/dev/null 2>&1) || {
    echo "setup: apt-get download of gnumach-image-1.8-486:i386 failed" >&2
    exit 1
  }
  dpkg-deb -x "$work"/gnumach-image-1.8-486_*_i386.deb "$work/x"
  mkdir -p "$gnumach_dir"
  gunzip -c "$work/x/boot/gnumach-1.8-486.gz" > "$gnumach_kernel.tmp"
  mv "$gnumach_kernel.tmp" "$gnumach_kernel"
  rm -rf "$work"
  if [ "$added_i386" = 1 ]; then
    dpkg --remove-architecture i386
    apt-get update -qq >/dev/null 2>&1 || true
  fi
  if ! gnumach_ok; then
    echo "setup: $gnumach_kernel does not have the pinned SHA-256 $gnumach_sha256" >&2
    rm -f "$gnumach_kernel"
    exit 1
  fi
fi
