#!/usr/bin/env bash
# npm run test:fresh-clone — the README's two commands as a newcomer meets them: clones this repository (its
# committed HEAD) into an empty temporary folder, with no ../shared beside it, runs `npm install` and checks that the
# working tree is unchanged, then runs `npm test` in its default, skip-aware mode. Prints the time of each step.
#   --without-postgres   also hide the PostgreSQL binaries, as on a machine with nothing but Node
#   --keep               leave the clone in place (its path is printed)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
without_postgres=0
keep=0
for arg in "$@"; do
  case "$arg" in
    --without-postgres) without_postgres=1 ;;
    --keep) keep=1 ;;
    *) echo "unknown option $arg" >&2; exit 2 ;;
  esac
done

parent=$(mktemp -d /tmp/provena-fresh-clone.XXXXXX)
[ "$keep" = 1 ] || trap 'rm -rf "$parent"' EXIT
clone="$parent/provena"
git clone --quiet "$here" "$clone"
cd "$clone"
echo "::: fresh clone of $(git rev-parse --short HEAD) in $clone (nothing beside it)"

now_ms() { echo $(($(date +%s%N) / 1000000)); }

start=$(now_ms)
npm install --no-audit --no-fund
install_s=$((($(now_ms) - start) / 1000))
changed=$(git status --porcelain)
if [ -n "$changed" ]; then
  echo "FAIL: npm install changed the working tree:" >&2
  echo "$changed" >&2
  exit 1
fi

[ "$without_postgres" = 1 ] && export PROVENA_POSTGRES_BIN=/nonexistent
unset PROVENA_TEST_DATABASE_URL PROVENA_TEST_REQUIRE_ALL
start=$(now_ms)
status=0
npm test || status=$?
test_s=$((($(now_ms) - start) / 1000))

start=$(now_ms)
bin/provena --version >/dev/null
version_ms=$(($(now_ms) - start))

echo
echo "::: npm install ${install_s} s (working tree unchanged); npm test ${test_s} s (exit ${status}); provena --version ${version_ms} ms"
exit "$status"
