#!/usr/bin/env bash
# Proves that other teams can generate a client from ../spec that talks to the API correctly.
# Run by `mvn verify` in this module, in two steps (also by hand, in this order):
#
#   check-clients.sh generate <openapi-generator-cli.jar> <spec.yaml>
#     generates the typescript-fetch, kotlin (jvm-retrofit2, Moshi) and python clients with the
#     openapi-generator CLI at the SAME version as the Java build, and fails on any generator
#     warning about the spec;
#   (Maven then compiles the Kotlin client with kotlin/LiveCheck.kt into target/classes)
#   check-clients.sh check <rally.jar> <file holding the Kotlin program's runtime classpath>
#     compiles the others (tsc --strict, which also compiles typescript/live-check.ts; python3 -m
#     compileall), starts the sandbox from the `rally` jar, and runs the TypeScript and the Kotlin
#     program against it. Each must print exactly the summary line that expected-summary.py reads
#     from the sandbox with raw HTTP; any other line, or a failing program, fails the build.
# Everything is written under target/ of this module (tsconfig.json names the same folders).
set -euo pipefail
caller_dir=$PWD
cd "$(dirname "$0")"
out=$PWD/target

# absolute <path>: a path given on the command line, relative to where the script was called from.
absolute() {
  case $1 in
    /*) echo "$1" ;;
    *) echo "$caller_dir/$1" ;;
  esac
}

# A campaign id the sandbox does not have: the programs and the oracle read its 404.
readonly MISSING_CAMPAIGN_ID=99999
# Bounds each program and the sandbox's start, so a hung peer fails the build instead of stalling it.
readonly TIMEOUT_SECONDS=300

# generate <generator> <tolerated warning regex> <options...>: the log goes to $out/<generator>.log.
generate() {
  local generator=$1
  local tolerated=$2
  shift 2
  local log="$out/$generator.log"
  rm -rf "${out:?}/$generator"
  if ! java -jar "$cli_jar" generate --input-spec "$spec" --generator-name "$generator" \
      --output "$out/$generator" "$@" >"$log" 2>&1; then
    cat "$log" >&2
    echo "error: openapi-generator $generator failed on $spec (log above)." >&2
    exit 1
  fi
  # The CLI logs through logback as "[main] WARN  <logger> - <message>". Any warning means the
  # document has a construct some generator handles badly (an unnamed inline schema, an ambiguous
  # type...): fix it in the spec rather than accept a client that differs per language.
  if grep -E '^\[[^]]*\] WARN ' "$log" | grep -vE "$tolerated" >&2; then
    echo "error: openapi-generator $generator warned about $spec (warnings above, full log $log)." \
      "Fix the construct in the spec; see spec/README.md, 'Generating a client in another language'." >&2
    exit 1
  fi
  echo "openapi-generator $generator: generated $out/$generator with no warning about the spec."
}

generate_all() {
  # No tolerated warning: the regex matches nothing.
  generate typescript-fetch '^$' \
    --additional-properties=supportsES6=true,npmName=rally-congress-client,npmVersion=0.0.0
  # The Kotlin team's client: Retrofit interfaces and Moshi (reflective KotlinJsonAdapterFactory).
  generate kotlin '^$' --library jvm-retrofit2 \
    --additional-properties=serializationLibrary=moshi,packageName=io.github.rallycongress.kotlinclient,enumUnknownDefaultCase=true
  # Tolerated: the python generator 7.25.0 logs "Failed to get the schema name: null" for every
  # property that is not a $ref (AbstractPythonCodegen.toDefaultValue calls
  # ModelUtils.getSimpleRef(schema.get$ref()) without a null check), so no document avoids it. It
  # says nothing about the spec; any other warning still fails.
  generate python 'WARN  o\.o\.codegen\.utils\.ModelUtils - Failed to get the schema name: null$' \
    --additional-properties=packageName=rally_congress_client,projectName=rally-congress-client,enumUnknownDefaultCase=true
}

# Starts `rally sandbox` (free port, default data) and exports the RALLY_* lines it prints.
start_sandbox() {
  if [ ! -f "$rally_jar" ]; then
    echo "error: $rally_jar does not exist: build the samples module first (mvn verify from the root does)." >&2
    exit 1
  fi
  exec {sandbox_out}< <(exec java -jar "$rally_jar" sandbox 2>"$out/sandbox.log")
  sandbox_pid=$!
  trap 'kill "$sandbox_pid" 2>/dev/null || true' EXIT
  local line
  for _ in 1 2 3; do
    if ! IFS= read -r -t "$TIMEOUT_SECONDS" line <&"$sandbox_out"; then
      cat "$out/sandbox.log" >&2
      echo "error: \`java -jar $rally_jar sandbox\` printed no export line within ${TIMEOUT_SECONDS}s (log above)." >&2
      exit 1
    fi
    case $line in
      'export RALLY_BASE_URL='* | 'export RALLY_ACCOUNT_ID='* | 'export RALLY_AUTH_TOKEN='*) eval "$line" ;;
      *)
        echo "error: \`rally sandbox\` printed '$line' where an export line was expected." >&2
        exit 1
        ;;
    esac
  done
  echo "sandbox: serving at $RALLY_BASE_URL ($rally_jar)."
}

# run_program <language> <command...>: runs the program against the sandbox and compares its line.
run_program() {
  local language=$1
  shift
  local actual
  if ! actual=$(timeout "$TIMEOUT_SECONDS" "$@" "$MISSING_CAMPAIGN_ID"); then
    echo "error: the $language program failed against the sandbox (its message above)." >&2
    exit 1
  fi
  echo "$actual"
  if [ "$actual" != "$language: $expected" ]; then
    printf 'error: the %s program printed\n  %s\nbut the sandbox serves\n  %s\n' \
      "$language" "$actual" "$language: $expected" >&2
    exit 1
  fi
}

check_all() {
  if [ ! -x node_modules/.bin/tsc ] || [ ! -d node_modules/@types/node ]; then
    npm ci --no-audit --no-fund
  fi
  rm -rf "${out:?}/typescript-build"
  npx --no-install tsc --strict -p tsconfig.json
  echo "typescript-fetch: tsc --strict compiled the client and typescript/live-check.ts without errors."

  python3 -m compileall -q "$out/python/rally_congress_client"
  echo "python: python3 -m compileall compiled the client without errors (a compile check only: PyPI is not reachable)."

  start_sandbox
  expected=$(python3 expected-summary.py "$MISSING_CAMPAIGN_ID")
  run_program typescript node "$out/typescript-build/typescript/live-check.js"
  if [ ! -f "$kotlin_classpath_file" ] || [ ! -f "$out/classes/io/github/rallycongress/kotlincheck/LiveCheckKt.class" ]; then
    echo "error: the Kotlin program is not compiled ($out/classes, $kotlin_classpath_file): run \`mvn verify\` in spec-clients." >&2
    exit 1
  fi
  run_program kotlin java -cp "$out/classes:$(cat "$kotlin_classpath_file")" io.github.rallycongress.kotlincheck.LiveCheckKt
}

step=${1:-}
case $step in
  generate)
    [ $# -eq 3 ] || { echo "usage: $0 generate <openapi-generator-cli.jar> <spec.yaml>" >&2; exit 2; }
    cli_jar=$(absolute "$2")
    spec=$(absolute "$3")
    mkdir -p "$out"
    generate_all
    ;;
  check)
    [ $# -eq 3 ] || { echo "usage: $0 check <rally.jar> <kotlin classpath file>" >&2; exit 2; }
    rally_jar=$(absolute "$2")
    kotlin_classpath_file=$(absolute "$3")
    check_all
    ;;
  *)
    echo "usage: $0 generate <openapi-generator-cli.jar> <spec.yaml>" >&2
    echo "       $0 check <rally.jar> <kotlin classpath file>" >&2
    exit 2
    ;;
esac
