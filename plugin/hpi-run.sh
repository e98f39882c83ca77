#!/usr/bin/env bash
# Starts Jenkins with this plugin (maven-hpi-plugin's hpi:run, JENKINS_HOME = plugin/work) configured by
# plugin/work/casc.yaml against the GitHub sandbox (a GitHub-compatible server on 127.0.0.1), and stops both on
# Ctrl-C. With --check it instead waits for Jenkins, opens the plugin's pages in Chromium (e2e/jenkins-pages.mjs,
# screenshots in plugin/target/screenshots/hpi-run), and stops: the exit code is the page check's.
#
#   plugin/hpi-run.sh [--check [page...]]     environment: JENKINS_PORT (8080), SANDBOX_PORT (8781)
#   (pages: as e2e/jenkins-pages.mjs takes them; all by default)
#
# Needs a JDK 21+ (.mvn/java-home.sh picks one) and, for --check, e2e/install.sh's Chromium and playwright-core.
# One Maven invocation builds the engine modules and the plugin and runs hpi:run in the same reactor, so nothing
# is installed into ~/.m2. Where ../shared/jenkins-repo exists, the Jenkins artifacts come from there.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
check=false
case "${1:-}" in
  --check) check=true; shift ;;
  "") ;;
  *) echo "usage: plugin/hpi-run.sh [--check [page...]]" >&2; exit 2 ;;
esac
JAVA_HOME="$(bash .mvn/java-home.sh)"
export JAVA_HOME
if [ -d ../shared/jenkins-repo ]; then
  export MAVEN_ARGS="${MAVEN_ARGS:-} -s .mvn/jenkins-repo-settings.xml"
fi
jenkins_port="${JENKINS_PORT:-8080}"
sandbox_port="${SANDBOX_PORT:-8781}"
logs="$root/plugin/target/hpi-run"
mkdir -p "$logs"

pids=()
stop() {
  for pid in "${pids[@]}"; do
    kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true
  done
}
trap stop EXIT

echo "hpi-run: building the GitHub sandbox..." >&2
./mvnw -B -q -pl sandbox -am package dependency:build-classpath -DskipTests \
  -Dmdep.outputFile="$logs/sandbox.classpath" >"$logs/sandbox-build.log" 2>&1 \
  || { cat "$logs/sandbox-build.log" >&2; exit 1; }
setsid "$JAVA_HOME/bin/java" -cp "sandbox/target/classes:$(cat "$logs/sandbox.classpath")" \
  io.agentcontrolplane.sandbox.SandboxMain --port "$sandbox_port" >"$logs/sandbox.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 60); do grep -qs '^url=' "$logs/sandbox.log" && break; sleep 1; done
ACP_SANDBOX_URL="$(sed -n 's/^url=//p' "$logs/sandbox.log")"
[ -n "$ACP_SANDBOX_URL" ] || { cat "$logs/sandbox.log" >&2; echo "hpi-run: the sandbox did not start" >&2; exit 1; }
export ACP_SANDBOX_URL
export CASC_JENKINS_CONFIG="$root/plugin/work/casc.yaml"
echo "hpi-run: sandbox at $ACP_SANDBOX_URL; starting Jenkins on http://localhost:$jenkins_port/jenkins/ (log: $logs/jenkins.log)" >&2

setsid ./mvnw -B -pl plugin -am package -Phpi-run -Dmaven.test.skip=true -Dport="$jenkins_port" >"$logs/jenkins.log" 2>&1 &
pids+=($!)
url="http://localhost:$jenkins_port/jenkins/"
for _ in $(seq 1 600); do
  if curl -fsS -o /dev/null "${url}login" 2>/dev/null; then break; fi
  if ! kill -0 "${pids[1]}" 2>/dev/null; then tail -50 "$logs/jenkins.log" >&2; echo "hpi-run: Jenkins did not start" >&2; exit 1; fi
  sleep 1
done
curl -fsS -o /dev/null "${url}login" || { echo "hpi-run: Jenkins did not answer within 10 minutes" >&2; exit 1; }
echo "hpi-run: Jenkins is up at $url" >&2

if $check; then
  node e2e/jenkins-pages.mjs "$url" "$root/plugin/target/screenshots/hpi-run" "$@"
  exit $?
fi
wait "${pids[1]}"
