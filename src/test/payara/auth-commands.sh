#!/usr/bin/env bash
# Test-only: the realm users AccessAuthIT and DockerLoginAuthIT sign in as, in Payara Micro's
# "file" realm, made with create-file-user exactly as server-config/payara/README.md tells
# operators to. Payara Micro takes one post-boot command file, so this writes the shipped
# post-boot-commands.txt followed by the create-file-user commands, with one password file per user.
# Usage: auth-commands.sh SERVER_CONFIG_DIR OUT_DIR   (writes OUT_DIR/post-boot-commands.txt)
set -euo pipefail
config="$1"
out="$2"
mkdir -p "$out"
cp "$config/post-boot-commands.txt" "$out/post-boot-commands.txt"
add() {
  printf 'AS_ADMIN_USERPASSWORD=%s\n' "$2" > "$out/$1.password"
  printf '\n# test user\ncreate-file-user --groups=%s --passwordfile=%s %s\n' "$3" "$out/$1.password" "$1" >> "$out/post-boot-commands.txt"
}
add it-reader reader-Pass-1 registry-reader
add it-writer writer-Pass-1 registry-writer
add it-admin admin-Pass-1 registry-admin
# One user in a group no rule or role knows: signs in, may do nothing.
add it-nobody nobody-Pass-1 somebody-else
