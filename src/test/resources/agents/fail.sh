#!/bin/bash
# Writes a partial answer and an error, then exits with code 3.
echo "partial answer"
echo "something broke: disk full" >&2
exit 3
