#!/usr/bin/env bash
# CI: the dashboard's browser tests drive Debian's Chromium through Playwright for .NET (Playwright's own browser
# download is not used). Installs it when missing; sourced by .ci/run before the tests. Never fails the run: without
# Chromium the browser tests report Ignored with the install command.
if [ -x /usr/bin/chromium ]; then
  echo "chromium: $(/usr/bin/chromium --version 2>/dev/null || echo present)"
elif command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
  echo "chromium: installing Debian's chromium for the dashboard's browser tests"
  if ! { DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }; then
    echo "chromium: apt-get install failed; the browser tests will be ignored" >&2
  fi
else
  echo "chromium: not installed and cannot install (needs root and apt-get); the browser tests will be ignored" >&2
fi
