#!/bin/bash
# For max_concurrent tests: records when it is running in a marker directory (argument 1) and holds for
# argument 2 seconds, so overlapping runs would be visible as two markers at once.
dir=$1
mkdir -p "$dir"
touch "$dir/$SWITCHBOARD_RUN_ID"
count=$(ls "$dir" | wc -l)
echo "running alongside $((count - 1)) others"
sleep "${2:-1}"
rm -f "$dir/$SWITCHBOARD_RUN_ID"
