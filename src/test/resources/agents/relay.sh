#!/bin/bash
# An agent that answers by sending to another session (agent to agent), to test the exchange bound.
# Arguments: base URL, token, own session key, the other session's key.
cat > /dev/null
out=$(/usr/bin/curl -s -w ' %{http_code}' -X POST -H "Authorization: Bearer $2" -H 'Content-Type: application/json' \
  --data "{\"to\": \"$4\", \"content\": \"ping from $3\", \"on_active\": \"enqueue\"}" "$1/v1/sessions/$3/send")
echo "sent: ${out: -3}"
