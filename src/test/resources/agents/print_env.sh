#!/bin/bash
# Prints its whole environment, one NAME=value per line, sorted, to show the allow-list.
env | sort
