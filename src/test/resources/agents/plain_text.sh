#!/bin/bash
# Plain text output: every line of it becomes one assistant message. Arguments: lines, seconds between lines.
count=${1:-3}
pause=${2:-0}
for i in $(seq 1 "$count"); do
  echo "line $i"
  if [ "$pause" != "0" ]; then sleep "$pause"; fi
done
