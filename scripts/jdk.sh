# shellcheck shell=bash
# Sourced by ./hallmark and ./run-tests: exports JAVA_HOME pointing at a JDK >= 21.
# Order: $JAVA_HOME if it qualifies, then the newest JDK under /usr/lib/jvm. Fails with a clear message.

hallmark_java_major() { # $1 = JAVA_HOME candidate; prints the feature version or nothing
  local rel="$1/release" v
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  if [ -r "$rel" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$rel")
  else
    v=$("$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1)
  fi
  [ -n "$v" ] && echo "$v"
}

hallmark_find_jdk() {
  local best="" best_v=0 v d
  if [ -n "${JAVA_HOME:-}" ]; then
    v=$(hallmark_java_major "$JAVA_HOME") || v=0
    if [ "${v:-0}" -ge 21 ]; then echo "$JAVA_HOME"; return 0; fi
  fi
  for d in /usr/lib/jvm/*; do
    [ -d "$d" ] && [ ! -L "$d" ] || continue
    v=$(hallmark_java_major "$d") || continue
    if [ "${v:-0}" -ge 21 ] && [ "$v" -gt "$best_v" ]; then best="$d"; best_v=$v; fi
  done
  [ -n "$best" ] && echo "$best"
}

HALLMARK_JDK=$(hallmark_find_jdk) || true
if [ -z "${HALLMARK_JDK:-}" ]; then
  echo "hallmark: no JDK >= 21 found (JAVA_HOME=${JAVA_HOME:-unset}, nothing suitable in /usr/lib/jvm)." >&2
  echo "hallmark: install one (e.g. Temurin 21 or 25) or point JAVA_HOME at it." >&2
  exit 2
fi
export JAVA_HOME="$HALLMARK_JDK"
export PATH="$JAVA_HOME/bin:$PATH"
export OPT_OUT_TRACKING=true
