#!/usr/bin/env bash
# The headless Chromium that renders report.png and runs the browser tests (test/browser/).
#
#   scripts/chromium.sh install   install Debian's `chromium` (and `fonts-liberation`, metric-compatible
#                                 with Arial/Helvetica, so labels measure as on a desktop) when absent,
#                                 check that it starts headless, print `export BB_CHROMIUM=<path>`
#   scripts/chromium.sh status    say which Chromium would be used; exit 0 when one runs, 1 otherwise
#
# Typical use:  eval "$(scripts/chromium.sh install)"
#
# The browser is looked for as src/report/html/browser.ts does: $BB_CHROMIUM, /usr/bin/chromium, then
# chromium, chromium-browser, google-chrome, google-chrome-stable, chrome on $PATH. Nothing is downloaded
# but Debian packages (apt-get, as scripts/services.sh installs Redis and PostgreSQL).
set -euo pipefail

log() { echo "chromium: $*" >&2; }
die() { echo "chromium: error: $*" >&2; exit 1; }

find_chromium() {
  if [ -n "${BB_CHROMIUM:-}" ]; then
    [ -x "$BB_CHROMIUM" ] && [ -f "$BB_CHROMIUM" ] && echo "$BB_CHROMIUM"
    return 0
  fi
  local c
  for c in /usr/bin/chromium chromium chromium-browser google-chrome google-chrome-stable chrome; do
    if [ "${c#/}" != "$c" ]; then [ -x "$c" ] && { echo "$c"; return 0; }
    elif command -v "$c" >/dev/null 2>&1; then command -v "$c"; return 0; fi
  done
  return 0
}

# The version line, from a headless start (the Debian wrapper script may print a harmless shell warning
# on stderr, which is dropped).
version_of() { timeout 60 "$1" --headless --no-sandbox --disable-gpu --version 2>/dev/null | grep -m1 -E '[0-9]+\.[0-9]+'; }

install_chromium() {
  local found; found=$(find_chromium)
  if [ -n "$found" ]; then
    log "using $found"
  else
    [ -n "${BB_CHROMIUM:-}" ] && die "BB_CHROMIUM=$BB_CHROMIUM is not an executable file (unset it to install Debian's chromium)"
    command -v apt-get >/dev/null 2>&1 || die "no Chromium found and no apt-get to install one; install Chromium or Chrome and set BB_CHROMIUM"
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
      command -v sudo >/dev/null 2>&1 || die "need chromium: run as root or install it with apt-get"
      sudo=(sudo -n)
    fi
    local pkgs=(chromium fonts-liberation)
    log "installing ${pkgs[*]} (apt-get, non-interactive)"
    export DEBIAN_FRONTEND=noninteractive
    local apt=("${sudo[@]}" apt-get -y -q -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
    if ! "${apt[@]}" install --no-install-recommends "${pkgs[@]}" >&2; then
      "${apt[@]}" update >&2 && "${apt[@]}" install --no-install-recommends "${pkgs[@]}" >&2 || die "apt-get could not install ${pkgs[*]}"
    fi
    found=$(find_chromium)
    [ -n "$found" ] || die "chromium still missing after install"
  fi
  local v; v=$(version_of "$found") || die "$found does not start headless (try: $found --headless --no-sandbox --version)"
  log "$v"
  echo "export BB_CHROMIUM=$found"
}

status() {
  local found; found=$(find_chromium)
  [ -n "$found" ] || { echo "chromium: none found"; return 1; }
  local v; v=$(version_of "$found") || { echo "chromium: $found does not start"; return 1; }
  echo "chromium: $found ($v)"
}

case "${1:-}" in
  install) install_chromium ;;
  status) status ;;
  *) echo "usage: $0 install|status" >&2; exit 2 ;;
esac
