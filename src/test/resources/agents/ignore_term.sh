#!/bin/bash
# Ignores SIGTERM, so stopping it needs SIGKILL. Prints a line, then waits for ever.
trap '' TERM
echo "started"
while true; do sleep 0.2; done
