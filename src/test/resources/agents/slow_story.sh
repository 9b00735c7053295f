#!/bin/bash
# A long-running agent for the restart test: two complete messages, then many slow plain-text lines
# (argument 1: how many, default 40; argument 2: seconds between them, default 0.25).
echo '{"type":"message","role":"assistant","content":"chapter 1"}'
sleep 0.3
echo '{"type":"message","role":"assistant","content":"chapter 2"}'
for i in $(seq 1 "${1:-40}"); do
  echo "word $i"
  sleep "${2:-0.25}"
done
