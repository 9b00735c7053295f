#!/bin/bash
# A jsonl agent: reads its input line, says it started, then waits (up to 20 s) for a live directive on
# stdin, acknowledges it with a directive_ack line and ends.
read -r input
echo "got input"
for i in $(seq 1 100); do
  if read -r -t 0.2 line; then
    id=$(printf '%s' "$line" | python3 -c 'import json,sys; print(json.load(sys.stdin)["directive"]["id"])')
    echo "directive: $line"
    echo "{\"type\":\"directive_ack\",\"id\":\"$id\",\"result\":{\"done\":true}}"
    exit 0
  fi
done
echo "no directive came"
