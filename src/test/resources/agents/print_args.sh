#!/bin/bash
# Prints where it runs and its arguments (after the script's own path), for tests of placeholders and workdirs.
cat > /dev/null
echo "pwd=$(pwd) args=$*"
