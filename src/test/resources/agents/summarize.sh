#!/bin/bash
# A summarizer agent for the compaction tests: reads its prompt on stdin, then, by mode ($1):
#   echo      answers "Summary of the conversation:" and every transcript line of the prompt ("[#<seq> ..."),
#             those of the previous summary included, so a test can count which messages a summary stands for
#   sleep N   sleeps N seconds first (a slow summarizer), then answers like echo
#   record F  writes the prompt to file F, then answers like echo
#   fail      writes an error to stderr and exits with code 3
#   empty     answers nothing
#   short     answers "ok"
prompt=$(cat)
case "$1" in
  fail) echo "summarizer broke: the model is unreachable" >&2; exit 3 ;;
  empty) exit 0 ;;
  short) echo "ok"; exit 0 ;;
  sleep) sleep "$2" ;;
  record) printf '%s' "$prompt" > "$2" ;;
esac
echo "Summary of the conversation:"
printf '%s\n' "$prompt" | grep -E '^\[#[0-9]+ '
