#!/usr/bin/env bash
# Prints the JAVA_HOME the build uses: $JAVA_HOME when it is a JDK 21 or newer (the Jenkins plugin's parent POM
# compiles with --release 21), else the first JDK 21+ under /usr/lib/jvm. Fails, saying so, when there is none.
# Used by .ci/run and plugin/hpi-run.sh.
set -euo pipefail
java_major() { # the feature version of the JDK at $1, or 0
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {print $2}' \
    | grep -E '^[0-9]+$' || echo 0
}
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ "$(java_major "$JAVA_HOME")" -ge 21 ]; then
  echo "$JAVA_HOME"
  exit 0
fi
for jdk in /usr/lib/jvm/*/; do
  jdk=${jdk%/}
  if [ -x "$jdk/bin/javac" ] && [ "$(java_major "$jdk")" -ge 21 ]; then
    echo "$jdk"
    exit 0
  fi
done
echo "the build needs a JDK 21 or newer: set JAVA_HOME to one" >&2
exit 1
