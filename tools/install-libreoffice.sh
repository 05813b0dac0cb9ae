#!/bin/sh
# Installs LibreOffice Calc (headless), the real spreadsheet engine the tests
# open ikixl's output with. Debian/Ubuntu; uses sudo when not run as root.
set -eu
if command -v soffice >/dev/null 2>&1; then
    exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then
    SUDO="sudo"
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui >/dev/null
command -v soffice >/dev/null 2>&1
