#!/bin/bash
# Starts a process that is no longer linked to this script by parentage, records the pids in directory $1,
# says "started", then waits for ever ($3 "wait"), or until a file "go" appears there and exits ($3 "exit").
# $2 is the shape:
#   orphan  a subshell starts a background sleep and exits, so the sleep is re-parented away from the script
#   daemon  the same, but the sleep also starts a session of its own (setsid), as daemons do
# With $4 "stubborn" every process ignores SIGTERM (the disposition is inherited), so only SIGKILL stops them.
dir=$1
[ "$4" = stubborn ] && trap '' TERM
case "$2" in
  orphan) ( sleep 300 & echo $! > "$dir/left.pid" ) ;;
  daemon) ( setsid /bin/sh -c 'echo $$ > "$0/left.pid"; exec sleep 300' "$dir" & ) ;;
esac
while [ ! -s "$dir/left.pid" ]; do sleep 0.01; done
kill -0 "$(cat "$dir/left.pid")" || exit 99 # agent.pid says: the process left behind is running
echo $$ > "$dir/agent.pid"
echo "started"
if [ "$3" = exit ]; then
  while [ ! -e "$dir/go" ]; do sleep 0.05; done
  exit 0
fi
while true; do sleep 0.2; done
