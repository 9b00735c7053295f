#!/bin/bash
# Receives the prompt as an argument ({prompt} in the agent's command) and replies with it.
echo "argv: $1"
