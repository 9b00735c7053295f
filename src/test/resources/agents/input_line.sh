#!/bin/bash
# A jsonl agent that answers with its own input line (one JSON object), so a test can read what it was given.
read -r input
printf '%s\n' "$input"
