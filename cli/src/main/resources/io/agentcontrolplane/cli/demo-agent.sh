#!/bin/sh
# The scripted agent of `acp demo`: a stand-in for an AI coding agent, run by the `command` backend in the run's
# workspace, with the prompt file as its argument. It does real work on the demo project (demo/calc) - edits,
# tests, commits - and writes the result contract ($ACP_RESULT_FILE), so the control plane publishes, reviews,
# repairs and merges exactly as it would for a real agent. What to do comes from the issue's "Demo script:" line.
set -u
set -f # the scripts' words include '*': never a glob
prompt=${1:-/dev/stdin}
run_dir=${ACP_RUN_DIR:?ACP_RUN_DIR is not set}
result=${ACP_RESULT_FILE:-$run_dir/result.json}
lane=${ACP_LANE:?ACP_LANE is not set}
git_as_agent() { git -c user.name="acp demo agent" -c user.email="demo-agent@example.invalid" "$@"; }

# Appends one verification entry; runs the tests and tells whether they pass.
run_tests() {
  if out=$(sh ./test.sh 2>&1); then status=pass; else status=fail; fi
  printf '{"timestamp": "%s", "status": "%s", "command": "sh test.sh", "note": "%s"}\n' \
    "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$status" "$(printf '%s' "$out" | tail -n 1 | tr -d '"\\')" \
    >> "$run_dir/verification.jsonl"
  echo "tests: $out"
  [ "$status" = pass ]
}

result() { # outcome action detail
  printf '{"outcome": "%s", "action": "%s", "detail": "%s"}\n' "$1" "$2" "$3" > "$result"
  echo "result: $1 / $2 ($3)"
}

script=$(grep -o 'Demo script: [a-z-]*\( [a-z0-9]*\)\?\( [-+*/]\)\?' "$prompt" | head -n 1 | sed 's/^Demo script: //')
echo "lane $lane, item ${ACP_ITEM:-?}, script '${script}'"

case "$lane" in
  implement|blocked-recovery)
    set -- $script
    case "${1:-}" in
      add-op)
        name=$2; op=$3
        awk -v line="  $name) echo \$((a $op b)) ;;" '/^  \*\)/ && !done { print line; done = 1 } { print }' \
          calc.sh > calc.sh.new && mv calc.sh.new calc.sh
        printf '%s 7 3 %s\n%s 2 2 %s\n' "$name" "$((7 $op 3))" "$name" "$((2 $op 2))" > "tests/$name.txt"
        ;;
      add-test)
        n=$2
        printf 'add %s %s %s\n' "$n" "$n" "$((n + n))" > "tests/t$n.txt"
        ;;
      readme)
        ops=$(sed -n 's/^  \([a-z][a-z]*\)).*/- \1/p' calc.sh)
        awk -v ops="$ops" '/^## Operations/ { print; print ""; print ops; skip = 1; next } skip != 1 { print }' \
          README.md > README.md.new && mv README.md.new README.md
        ;;
      ci)
        mkdir -p .github/workflows
        printf 'name: tests\non: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: sh test.sh\n' \
          > .github/workflows/ci.yml
        ;;
      *)
        printf 'The demo agent found no "Demo script:" line it knows in this issue.\n' > "$run_dir/issue-comment.md"
        result blocked host-comment-blocker "no demo script"
        exit 0
        ;;
    esac
    if ! run_tests; then
      printf 'The change breaks the tests:\n\n```\n%s\n```\n' "$out" > "$run_dir/issue-comment.md"
      result blocked host-comment-blocker "tests fail"
      exit 0
    fi
    git_as_agent add -A
    if git diff --cached --quiet; then
      # Nothing to publish (a recurring issue whose work is done for now): say so rather than claim a change.
      printf 'Nothing to change: %s is already done on this branch.\n' "$script" > "$run_dir/issue-comment.md"
      result blocked host-comment-blocker "nothing to change"
      exit 0
    else
      git_as_agent commit -q -m "demo agent: $script"
    fi
    printf 'Scripted change for %s: %s. `sh test.sh` passes.\n' "${ACP_ITEM:-the issue}" "$script" \
      > "$run_dir/pr-body.md"
    result implemented host-publish-issue-pr "$script"
    ;;
  scheduled)
    if run_tests; then
      printf 'Scheduled check: `sh test.sh` passes (%s).\n' "$out" > "$run_dir/issue-comment.md"
      result reported host-comment-scheduled-report "tests pass"
    else
      printf 'Scheduled check: `sh test.sh` FAILS:\n\n```\n%s\n```\n' "$out" > "$run_dir/issue-comment.md"
      result reported host-comment-scheduled-alert "tests fail"
    fi
    ;;
  double-check-1|double-check-2|automerge)
    if run_tests; then
      if [ "$lane" = double-check-1 ]; then
        result approved-local-review-passed host-advance-double-check-2 "first review: tests pass"
      else
        result approved-local-review-passed host-approve-and-merge "review: tests pass"
      fi
    else
      printf 'Review: `sh test.sh` fails on this branch:\n\n```\n%s\n```\n' "$out" > "$run_dir/pr-comment.md"
      result blocked host-comment-pr-blocker "tests fail"
    fi
    ;;
  merge-repair|fix)
    # A merge the host left in conflict: both sides add lines, so the repair keeps both.
    conflicted=$(git diff --name-only --diff-filter=U)
    for f in $conflicted; do
      grep -v '^<<<<<<< \|^=======$\|^>>>>>>> ' "$f" > "$f.resolved" && mv "$f.resolved" "$f"
      git_as_agent add "$f"
    done
    if [ -n "$conflicted" ] || [ -f .git/MERGE_HEAD ]; then
      git_as_agent commit -q --no-edit || git_as_agent commit -q -m "Merge the default branch"
    fi
    if ! run_tests; then
      printf 'The repaired branch still fails its tests:\n\n```\n%s\n```\n' "$out" > "$run_dir/pr-comment.md"
      result blocked host-comment-pr-blocker "tests fail after the repair"
    elif [ -n "$conflicted" ]; then
      result updated-branch host-push-pr-branch "resolved conflicts in: $(echo $conflicted)"
    elif [ "$lane" = merge-repair ]; then
      # The host merged the default branch cleanly: that merge is the update.
      result updated-branch host-push-pr-branch "the default branch merged cleanly; tests pass"
    else
      result no-change-needed host-refresh-pr-state "tests pass; nothing to change"
    fi
    ;;
  *)
    echo "the demo agent has no script for lane $lane" >&2
    exit 2
    ;;
esac
