/**
 * The shell behind a `bash` context, written into the container and run as `bash <file> <delimiter> <cwd>`.
 * Same requests and framed events as the Python one (see `parseContextEvent`). Each run's code is written to a
 * file and *sourced* by the same shell, so `cd`, variables (`declare` too), functions and `export`s survive
 * between runs. Output goes out live: the run's stdout and stderr are FIFOs read by two pumps that send each
 * piece (at most 2 KiB, as it is written) as an `out`/`err` event; the `done` event follows once both pumps
 * have seen the end (a background job still holding them is waited for at most ~1.5 s, its later output
 * dropped: each run has FIFOs of its own, so it never reaches a later run). The reader and the pumps are
 * `disown`ed, so `jobs` shows the user's jobs only (but `$!` after a run is a pump's: keep `$!` within a run).
 * `exit` in a run ends the shell, as it ends a shell session: its EXIT trap closes the run's FIFOs, lets the pumps
 * send the run's last output (a background job still holding them is waited for at most ~1 s), and kills the
 * reader, so the exec ends with the shell's status; the host answers the run with that status as its exit code
 * (`interpreterExited`) and starts a fresh shell for the next run (see `InterpreterContext`). There is no
 * trailing value nor `error`: the exit status is the run's exit code.
 *
 * `<id> interrupt` keeps the shell: a reader process (it owns stdin, so it hears the request while the shell is
 * busy) sends SIGINT to the shell and to every process under it (pumps and reader ignore it); the shell's INT
 * trap marks the run interrupted and a DEBUG trap (`extdebug`, inherited by functions with `set -T`) returns
 * from the sourced run at its next command, so even a builtin `while :; do :; done` inside a function ends.
 * The run answers exit code 130. (`$\{` in the source below is bash's `${`, kept out of the template.) Needs `base64`, `dd`, `mkfifo`, `mktemp` (coreutils or busybox) and `/proc`.
 */
export const BASH_REPL_SCRIPT = String.raw`__berth_delim="$1"
if [ -n "$2" ]; then cd "$2" || exit 1; fi
set --
__berth_main=$$
__berth_dir="$(mktemp -d)" || exit 1
mkfifo "$__berth_dir/req" "$__berth_dir/tick" || exit 1
exec 3<>"$__berth_dir/req" 4<>"$__berth_dir/tick" 5>&1
# one write per event, no leading newline: the two pumps emit at once, and a leading newline written on its own
# landed between the other pump's lines, where the host read it as a stray empty line of output
__berth_emit() { printf '%s%s\n' "$__berth_delim" "$1" >&5; }
__berth_pump() {
  local chunk
  while chunk="$(dd bs=2048 count=1 2>/dev/null | base64 | tr -d '\n')" && [ -n "$chunk" ]; do
    __berth_emit "$1 $2 $chunk"
  done < "$3"
}
__berth_tree() {
  local -A kids=()
  local f l pid rest pp queue out p c
  for f in /proc/[0-9]*/stat; do
    { read -r l < "$f"; } 2>/dev/null || continue
    pid="$\{l%% *}"; rest="$\{l##*) }"; pp="$\{rest#* }"; pp="$\{pp%% *}"
    kids[$pp]+=" $pid"
  done
  queue="$1"
  while [ -n "$queue" ]; do
    set -- $queue; p="$1"; shift; queue="$*"
    for c in $\{kids[$p]}; do out+=" $c"; queue+=" $c"; done
  done
  printf '%s\n' "$out"
}
(
  trap '' INT
  while IFS=' ' read -r __id __op __rest; do
    case "$__op" in
      run) printf '%s %s %s\n' "$__id" "$__op" "$__rest" >&3 ;;
      interrupt)
        if [ "$(cat "$__berth_dir/cur" 2>/dev/null)" = "$__id" ]; then
          kill -INT "$__berth_main" 2>/dev/null
          for __p in $(__berth_tree "$__berth_main"); do kill -INT "$__p" 2>/dev/null; done
        fi ;;
    esac
  done
  printf '0 quit\n' >&3
) <&0 &
__berth_reader=$!
disown
exec </dev/null
# the shell's own steps end in "|| :": a user's set -e (kept between runs) must not end the shell in them
__berth_drain() {
  for __berth_i in {1..500}; do
    kill -0 "$__berth_po" 2>/dev/null || kill -0 "$__berth_pe" 2>/dev/null || break
    read -r -t 0.002 -u 4 __berth_none || :
  done
  kill "$__berth_po" "$__berth_pe" 2>/dev/null || :
}
__berth_finish() {
  : > "$__berth_dir/cur"
  local rc="$1"
  if [ "$__berth_int" = 1 ]; then rc=130; fi
  __berth_int=0
  __berth_drain
  rm -f "$__berth_o" "$__berth_e"
  __berth_emit "$__berth_id done $rc - - - -"
}
# on exit (the user's exit, or set -e) mid-run: the cell's FIFOs closed so the pumps send its last output first;
# the shell's exit status stays the user's (the trap does not call exit)
__berth_bye() {
  set +e
  if [ "$__berth_incell" = 1 ]; then
    __berth_incell=0
    exec >/dev/null 2>&1
    __berth_drain
  fi
  kill "$__berth_reader" 2>/dev/null || :
  rm -rf "$__berth_dir"
}
trap __berth_bye EXIT
__berth_incell=0
__berth_int=0
trap '[ "$__berth_incell" = 1 ] && __berth_int=1' INT
shopt -s extdebug
set -T
trap '[ "$__berth_int" = 1 ] && [ "$__berth_incell" = 1 ] && [ "$\{#BASH_SOURCE[@]}" -gt 1 ] && return 2; true' DEBUG
__berth_emit "ready $$"
while IFS=' ' read -r __berth_id __berth_op __berth_timeout __berth_payload <&3; do
  [ "$__berth_op" = run ] || break
  if [ "$__berth_payload" = - ]; then : > "$__berth_dir/cell"; else printf '%s' "$__berth_payload" | base64 -d > "$__berth_dir/cell"; fi
  __berth_o="$__berth_dir/o$__berth_id"; __berth_e="$__berth_dir/e$__berth_id"
  mkfifo "$__berth_o" "$__berth_e"
  trap '' INT # the pumps start with SIGINT ignored (an interrupt must never end them)
  __berth_pump "$__berth_id" out "$__berth_o" &
  __berth_po=$!
  __berth_pump "$__berth_id" err "$__berth_e" &
  __berth_pe=$!
  trap '[ "$__berth_incell" = 1 ] && __berth_int=1' INT
  disown "$__berth_po" "$__berth_pe"
  printf '%s' "$__berth_id" > "$__berth_dir/cur"
  __berth_int=0
  __berth_incell=1
  . "$__berth_dir/cell" > "$__berth_o" 2> "$__berth_e" < /dev/null
  __berth_rc=$?
  __berth_incell=0
  __berth_finish "$__berth_rc"
done
`.replaceAll('$\\{', '${');
