#!/usr/bin/env bash
# Runs a command with an unlocked gnome-keyring on the current session bus: the caller's private
# one (dbus-run-session), whose XDG_DATA_HOME is a throw-away folder. Used by .ci/run and by
# `npm test` (scripts/run-all-tests.mjs) for the keychain tests.
#
# The daemon is kept running: gnome-keyring 42 aborts when a client disconnects in the middle of
# a request (`gkd_secret_service_publish_dispatch: assertion 'client' failed`, an upstream bug),
# and a test process that is killed can be such a client. Without a watch, every keychain test
# after it fails, and D-Bus activation starts a locked daemon that hangs the command line. The
# daemon is started again at once, unlocked, with the same keyring file, and the run says so.
set -u
password=${COZE_TEST_KEYRING_PASSWORD:-test-pw}

(
  while :; do
    printf %s "$password" |
      gnome-keyring-daemon --foreground --replace --unlock --components=secrets >/dev/null 2>&1
    echo "note: gnome-keyring-daemon ended (status $?); starting it again, unlocked" >&2
    sleep 0.2
  done
) &
watch=$!

# Ready once it owns the Secret Service's name (asked of the bus itself: asking the name would
# have D-Bus start a daemon of its own, a locked one) and its login collection is unlocked.
owned() {
  dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null |
    grep -q 'boolean true'
}
unlocked() {
  dbus-send --session --print-reply --dest=org.freedesktop.secrets \
    /org/freedesktop/secrets/collection/login org.freedesktop.DBus.Properties.Get \
    string:org.freedesktop.Secret.Collection string:Locked 2>/dev/null | grep -q 'boolean false'
}
ready=no
for _ in $(seq 1 200); do
  if owned && unlocked; then
    ready=yes
    break
  fi
  sleep 0.1
done
[ "$ready" = yes ] || echo "note: the test keyring did not come up unlocked; the keychain tests may fail" >&2

"$@"
status=$?
kill "$watch" 2>/dev/null
# Every daemon of this bus goes too, one that D-Bus started in a gap included: left behind, it
# would keep the caller's output open after the run.
for pid in $(pgrep -x gnome-keyring-d); do
  if tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null |
    grep -qxF "DBUS_SESSION_BUS_ADDRESS=$DBUS_SESSION_BUS_ADDRESS"; then
    kill "$pid" 2>/dev/null
  fi
done
exit "$status"
