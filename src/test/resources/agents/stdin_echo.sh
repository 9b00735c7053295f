#!/bin/bash
# Replies with exactly what it got on stdin (the prompt, directives included).
cat
