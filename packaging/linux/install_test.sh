#!/usr/bin/env bash
# `make package-install-test` (root, as in CI): the .deb on this very machine, the way an
# administrator installs it. Installs it with apt, opens the launcher's application on a new
# profile (the GUI self-test, offscreen), upgrades to a newer build of the same package,
# removes and purges it, and checks after each step that the profile's files are byte for byte
# what they were. Leaves the machine without the package.
set -euo pipefail
cd "$(dirname "$0")/../.."

deb=$(ls dist/minorifamiglie_*_amd64.deb 2>/dev/null | head -n 1)
[ -n "$deb" ] || { echo "Prima: make package"; exit 1; }
[ "$(id -u)" -eq 0 ] || { echo "install_test.sh needs root (apt install)"; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"; dpkg -s minorifamiglie >/dev/null 2>&1 && apt-get purge -y -qq minorifamiglie >/dev/null' EXIT
export HOME="$work/home" XDG_DATA_HOME="$work/home/.local/share" XDG_CONFIG_HOME="$work/home/.config"
export QT_QPA_PLATFORM=offscreen MINORIFAMIGLIE_PASSPHRASE="passphrase della prova di installazione"
mkdir -p "$HOME"
profile="$XDG_DATA_HOME/minorifamiglie/profilo"
passed=0 failed=0
ok()   { echo "ok   $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1"; failed=$((failed + 1)); }
fingerprint() { (cd "$profile" && find . -type f ! -name .lock -print0 | sort -z | xargs -0 sha256sum); }

DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "./$deb" >/dev/null
[ -x /usr/bin/minorifamiglie ] && [ -f /usr/share/applications/minorifamiglie.desktop ] \
  && ok "apt install: launcher and menu entry" || fail "apt install"
version=$(minorifamiglie --version)
[ "$version" = "minorifamiglie $(dpkg-query -W -f='${Version}' minorifamiglie)" ] \
  && ok "the launcher runs the installed program: $version" || fail "--version: $version"

# The default profile folder, as an educator's first start makes it.
minorifamiglie init --operator "Prova Installazione" --role educatore >/dev/null
case_id=$(minorifamiglie case add --ambito VBR --service adm --title "Prova")
minorifamiglie visit add --case "$case_id" --date 2026-12-01 --start 15:00 --end 16:00 \
  --place Domicilio --notes "Visita di prova" --close >/dev/null
minorifamiglie gui --self-test "$work/schermate" >/dev/null 2>&1 \
  && ok "the installed application unlocks and opens a print preview" || fail "gui --self-test"
before=$(fingerprint)

# An upgrade: the same files under a higher version number.
next="$work/next"
dpkg-deb -R "$deb" "$next"
sed -i -E 's/^Version: (.*)$/Version: \1+prova1/' "$next/DEBIAN/control"
dpkg-deb --root-owner-group -Zgzip -z1 --build "$next" "$work/next.deb" >/dev/null
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$work/next.deb" >/dev/null
case "$(minorifamiglie --version; dpkg-query -W -f='${Version}' minorifamiglie)" in
  *+prova1) ok "upgrade installed" ;; *) fail "upgrade" ;;
esac
[ "$(fingerprint)" = "$before" ] && ok "upgrade left the profile byte for byte" || fail "upgrade touched the profile"
minorifamiglie check >/dev/null && ok "the profile opens after the upgrade" || fail "check after upgrade"
before=$(fingerprint)  # check appended its audit event

DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq minorifamiglie >/dev/null
[ ! -e /opt/minorifamiglie ] && [ ! -e /usr/bin/minorifamiglie ] && ok "remove: program gone" || fail "remove"
[ "$(fingerprint)" = "$before" ] && ok "remove left the profile byte for byte" || fail "remove touched the profile"
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "./$deb" >/dev/null
DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq minorifamiglie >/dev/null
[ "$(fingerprint)" = "$before" ] && ok "purge left the profile byte for byte" || fail "purge touched the profile"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
