# Shared by the fake agent CLIs used in tests (sourced; each fake defines the output of its real tool).
# Records how it was called, then acts out $FAKE_SCENARIO (passed through agent.backends.<name>.options.passEnv):
# ok, quota, auth, network, network-once, badflag, crash, hang (keeps printing, ignores SIGTERM, has a child),
# silent (prints once, then nothing, with a child).
FAKE_NAME=$(basename "$0")
{ printf '%s\n' "$@"; echo '---'; } >> "$ACP_RUN_DIR/$FAKE_NAME.argv"
env > "$ACP_RUN_DIR/$FAKE_NAME.env"
cat > "$ACP_RUN_DIR/$FAKE_NAME.stdin"
SCENARIO=${FAKE_SCENARIO:-ok}

fake_hang() {
  trap '' TERM
  echo $$ >> "$ACP_RUN_DIR/pids"
  sleep 1000 &
  echo $! >> "$ACP_RUN_DIR/pids"
  start
  while true; do progress; sleep 0.2; done
}

fake_silent() {
  echo $$ >> "$ACP_RUN_DIR/pids"
  sleep 1000 &
  echo $! >> "$ACP_RUN_DIR/pids"
  start
  wait
}

fake_run() {
  if [ "$SCENARIO" = network-once ]; then
    if [ -f "$ACP_RUN_DIR/.network-failed" ]; then SCENARIO=ok; else touch "$ACP_RUN_DIR/.network-failed"; SCENARIO=network; fi
  fi
  case "$SCENARIO" in
    ok) ok ;;
    quota) quota ;;
    auth) auth ;;
    network) network ;;
    badflag) badflag ;;
    crash) crash ;;
    hang) fake_hang ;;
    silent) fake_silent ;;
    *) echo "fake $FAKE_NAME: unknown scenario $SCENARIO" >&2; exit 99 ;;
  esac
}
