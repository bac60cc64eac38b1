/**
 * The shell behind a `bash` context, written into the container and run as `bash <file> <delimiter>`: each
 * request's code is `eval`ed in the same shell, so `cd`, variables, functions and `export`s survive between
 * runs. Same requests and framed events as the Python one (see `parseContextEvent`), but output is sent when
 * the run ends (not live), there is no trailing value nor `error` (the exit status is the run's exit code), and
 * an interrupt is not possible while a run is busy: a timed-out bash run restarts the shell (its state lost).
 * Needs `base64` (coreutils or busybox).
 */
export const BASH_REPL_SCRIPT = String.raw`DELIM="$1"
if [ -n "$2" ]; then cd "$2" || exit 1; fi
__berth_emit() { printf '\n%s%s\n' "$DELIM" "$1"; }
__berth_b64() { base64 < "$1" | tr -d '\n'; }
__berth_dir="$(mktemp -d)"
trap 'rm -rf "$__berth_dir"' EXIT
__berth_emit "ready $$"
while IFS=' ' read -r __berth_id __berth_op __berth_timeout __berth_payload; do
  [ "$__berth_op" = run ] || continue
  if [ "$__berth_payload" = - ]; then __berth_code=''; else __berth_code="$(printf '%s' "$__berth_payload" | base64 -d)"; fi
  eval "$__berth_code" > "$__berth_dir/out" 2> "$__berth_dir/err" < /dev/null
  __berth_rc=$?
  if [ -s "$__berth_dir/out" ]; then __berth_emit "$__berth_id out $(__berth_b64 "$__berth_dir/out")"; fi
  if [ -s "$__berth_dir/err" ]; then __berth_emit "$__berth_id err $(__berth_b64 "$__berth_dir/err")"; fi
  __berth_emit "$__berth_id done $__berth_rc - - - -"
done
`;
