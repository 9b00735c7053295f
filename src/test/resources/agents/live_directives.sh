#!/bin/bash
# A jsonl agent that reports the live directives it reads, in the order it reads them ("got <id>" per
# directive), and ends after $1 of them (or 20 s without one). With a directory $2 it reads nothing until a
# file "go" appears there, so directives pile up in its stdin pipe meanwhile.
read -r input
echo "ready"
if [ -n "$2" ]; then
  while [ ! -e "$2/go" ]; do sleep 0.05; done
fi
for ((n = 0; n < $1; n++)); do
  read -r -t 20 line || break
  [[ $line =~ \"id\":\"([^\"]+)\" ]] && echo "got ${BASH_REMATCH[1]}"
done
