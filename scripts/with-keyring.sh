#!/usr/bin/env bash
# Run a command with a usable Secret Service (the OS keychain keytar talks to on Linux).
#
# On a developer's desktop a keyring is already running: use it. Where none is (CI, a container),
# start a private D-Bus session with a freshly unlocked gnome-keyring, only for this command.
# The password is throwaway: the keyring lives in a temporary XDG_DATA_HOME and dies with the session.
set -euo pipefail

if [[ "$(uname -s)" != "Linux" ]]; then
  exec "$@"
fi

# A desktop session already has a bus (and, with it, the user's keyring).
if [[ -n "${DBUS_SESSION_BUS_ADDRESS:-}" && -z "${WITH_KEYRING_PRIVATE:-}" ]]; then
  exec "$@"
fi

for tool in dbus-run-session gnome-keyring-daemon; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "with-keyring: '$tool' is missing. Install: apt-get install -y gnome-keyring dbus dbus-x11" >&2
    exit 1
  fi
done

keyring_home="$(mktemp -d)"

# gnome-keyring-daemon outlives the session's bus: stop the one this session started, the only
# one whose XDG_DATA_HOME is this directory.
stop_private_keyring() {
  local dir
  for dir in /proc/[0-9]*; do
    if [[ "$(cat "$dir/comm" 2>/dev/null)" == gnome-keyring-d* ]] &&
      grep -qzx "XDG_DATA_HOME=$keyring_home" "$dir/environ" 2>/dev/null; then
      kill "${dir#/proc/}" 2>/dev/null || true
    fi
  done
}
# It may still be writing its files as it stops: retry once, and never fail the command (or change
# its exit code) over a temporary directory.
cleanup() {
  stop_private_keyring
  rm -rf "$keyring_home" 2>/dev/null || { sleep 0.5 && rm -rf "$keyring_home" 2>/dev/null; } || true
}
trap cleanup EXIT
export XDG_DATA_HOME="$keyring_home"

# The session's own messages (as root, dbus-daemon's "Failed to set fd limit") are not the
# command's: they go to a log, shown only when the command could not be started. The command
# keeps this script's stderr (fd 3), its stdout and its exit code.
exec 3>&2
status=0
# shellcheck disable=SC2016 # expanded by the inner shell
dbus-run-session -- bash -c 'printf "throwaway" | gnome-keyring-daemon --unlock --components=secrets >/dev/null 3>&- &&
  : >"$XDG_DATA_HOME/started" && exec "$@" 2>&3 3>&-' with-keyring "$@" 2>"$keyring_home/session.log" ||
  status=$?
if [[ ! -e "$keyring_home/started" ]]; then
  cat "$keyring_home/session.log" >&2
fi
exit "$status"
