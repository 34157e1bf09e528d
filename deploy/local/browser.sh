#!/usr/bin/env bash
# The browser of the wallboard tests: Debian's chromium and chromium-driver, and CJK fonts so the
# Chinese wallboard renders as text in screenshots. Installed once; a no-op when present.
#
#   deploy/local/browser.sh        install if missing, then print the versions
set -euo pipefail

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -x /usr/bin/chromedriver ] || need+=(chromium-driver)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || need+=(fonts-noto-cjk)

if [ "${#need[@]}" -gt 0 ]; then
  echo "installing ${need[*]} (Debian packages)" >&2
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get install -y --no-install-recommends "${need[@]}" >&2 \
    || { "${sudo_cmd[@]}" apt-get update >&2 && "${sudo_cmd[@]}" apt-get install -y --no-install-recommends "${need[@]}" >&2; }
fi
/usr/bin/chromium --version
/usr/bin/chromedriver --version
