#!/usr/bin/env bash
# golden_changed_image.sh MKEMU WORKDIR
# The golden check must fail loudly, not pass or skip, when an image is not
# the recorded one: a copy of the kernel_model golden with one byte of
# sigma0.elf changed must fail with the image-hash message, and without
# root.elf must fail naming the missing image.
set -u
mkemu=$1 work=$2
golden_sh=$(cd "$(dirname "$0")/../../../traces/golden" && pwd)/golden.sh
rm -rf "$work" && mkdir -p "$work/golden" || exit 1
cp -r "$(dirname "$golden_sh")/kernel_model_suite" "$work/golden/"
images=$work/golden/kernel_model_suite

printf '\x90' | dd of="$images/sigma0.elf" bs=1 seek=4096 conv=notrunc 2>/dev/null
out=$(GOLDEN_DIR=$work/golden "$golden_sh" verify kernel_model_suite "$mkemu" "$work/run1" 2>&1)
status=$?
printf '%s\n' "$out"
[ $status -eq 1 ] || { echo "FAIL: changed image: status $status, expected 1"; exit 1; }
grep -q "module image 'sigma0.elf' (.*) is not the one recorded" <<<"$out" ||
  { echo "FAIL: the image-hash message is missing"; exit 1; }

rm "$images/root.elf"
out=$(GOLDEN_DIR=$work/golden "$golden_sh" verify kernel_model_suite "$mkemu" "$work/run2" 2>&1)
status=$?
printf '%s\n' "$out"
[ $status -eq 1 ] || { echo "FAIL: missing image: status $status, expected 1"; exit 1; }
grep -q "image 'root.elf' not found" <<<"$out" || { echo "FAIL: the missing image is not named"; exit 1; }
echo "ok: a changed or missing golden image fails the check"
