#!/usr/bin/env bash
# Installs the Debian packages kehoach builds and tests with. Idempotent and
# non-interactive; does nothing (not even apt-get update) when all are present.
set -euo pipefail

packages=(
  cmake ninja-build g++ pkg-config
  nlohmann-json3-dev libhowardhinnant-date-dev libsqlitecpp-dev libsqlite3-dev libssl-dev libutf8proc-dev libcli11-dev catch2
  libpq-dev postgresql
  binutils abigail-tools valgrind
)
# The C ABI's second-language consumer is built with Go (cgo); machines that
# come with a Go toolchain keep theirs.
command -v go >/dev/null || packages+=(golang-go)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "kehoach: installing ${missing[*]}" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
