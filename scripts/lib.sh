# Shared by the test scripts: install Debian packages only when missing.
# Usage: ensure_packages "command-or-path:package" ...
ensure_packages() {
  local missing=() pair probe pkg
  for pair in "$@"; do
    probe=${pair%%:*}
    pkg=${pair#*:}
    if [[ $probe == /* ]]; then [ -e "$probe" ] && continue; else command -v "$probe" >/dev/null 2>&1 && continue; fi
    missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "installing ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then echo "need root to apt-get install ${missing[*]}" >&2; return 1; fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
}
