#!/bin/bash
# A process agent speaking the JSON-lines protocol: streams the prompt back as deltas, then a complete
# message and a usage report.
prompt=$(cat)
echo '{"type":"delta","text":"thinking about: "}'
printf '{"type":"delta","text":%s}\n' "$(printf '%s' "$prompt" | python3 -c 'import json,sys; print(json.dumps(sys.stdin.read()))')"
echo '{"type":"message","role":"assistant","content":[{"type":"text","text":"final answer"}]}'
echo '{"type":"usage","input_tokens":7,"output_tokens":3,"cost_usd":0.25,"model":"tiny"}'
