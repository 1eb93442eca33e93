# shellcheck shell=bash
# Sourced by scripts/demo and scripts/test: installs what is missing, idempotently.
#  - system packages (softhsm2, xvfb, Qt's libraries) via apt-get when running as root;
#    otherwise a plain message naming what to install;
#  - a local virtual environment in .venv with cpdesk and its extras.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
PY="${PYTHON:-python3}"

APT_PACKAGES=(softhsm2 xvfb xauth libxcb-cursor0 libegl1 libgl1 libxkbcommon-x11-0
              libfontconfig1 libdbus-1-3 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0
              libxcb-render-util0 libxcb-image0 libxcb-xinerama0 libxcb-randr0
              pcscd opensc opensc-pkcs11 vsmartcard-vpcd p11-kit p11-kit-modules
              dbus-daemon dbus-x11 at-spi2-core python3-pyatspi)

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

missing_apt_packages() {
  local pkg missing=()
  for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
      || missing+=("$pkg")
  done
  printf '%s\n' "${missing[@]:-}" | sed '/^$/d'
}

ensure_system_packages() {
  if ! command -v dpkg-query >/dev/null 2>&1; then
    say "Not a Debian-family system: install SoftHSM2, Xvfb and Qt 6's X11 libraries yourself."
    return 0
  fi
  local missing
  missing="$(missing_apt_packages)"
  [ -z "$missing" ] && return 0
  if [ "$(id -u)" -eq 0 ]; then
    say "Installing system packages: $(echo "$missing" | tr '\n' ' ')"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
  else
    say "These system packages are missing and installing them needs root:"
    echo "    sudo apt-get install -y $(echo "$missing" | tr '\n' ' ')" >&2
    say "Run that once, then run this command again."
    exit 1
  fi
}

# The environment to install, from a lock file in requirements/ (scripts/lock writes them;
# every hash is checked): the test command wants cpdesk[test] and cpdesk-mock, from
# requirements/dev.txt; the demo sets CPDESK_EXTRAS=mock (the mock server and the client,
# none of the test tools), from requirements/demo.txt.
EXTRAS="${CPDESK_EXTRAS:-test}"

lock_file_for() {
  case "$1" in
    test) echo "$ROOT/requirements/dev.txt" ;;
    mock) echo "$ROOT/requirements/demo.txt" ;;
    *) say "No lock file for the extras '$1' (expected test or mock)."; exit 1 ;;
  esac
}

# install_locked VENV LOCKFILE: a virtual environment holding exactly the lock file, then
# cpdesk and cpdesk-mock themselves (editable, no dependencies of their own choosing). The
# lowest-versions environment gets both too: its tests start the real mock server.
install_locked() {
  local venv="$1" lock="$2"
  local stamp="$venv/.cpdesk-installed-$(basename "$lock" .txt)"
  if [ ! -x "$venv/bin/python" ]; then
    say "Creating the virtual environment in ${venv#"$ROOT"/}"
    "$PY" -m venv "$venv"
  fi
  if [ ! -f "$stamp" ] || [ "$lock" -nt "$stamp" ] || [ "$ROOT/pyproject.toml" -nt "$stamp" ] \
     || [ "$ROOT/packaging/mock/pyproject.toml" -nt "$stamp" ]; then
    say "Installing cpdesk and its locked dependencies into ${venv#"$ROOT"/}"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --require-hashes \
      -r "$lock"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps \
      -e "$ROOT" -e "$ROOT/packaging/mock"
    touch "$stamp"
  fi
}

ensure_venv() {
  install_locked "$VENV" "$(lock_file_for "$EXTRAS")"
}

ensure_system_packages
ensure_venv
