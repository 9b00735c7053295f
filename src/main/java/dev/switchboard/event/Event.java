package dev.switchboard.event;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;

/**
 * One committed entry of the durable event log: {@code {seq, type, key, channel, at, data}}.
 * {@code data} is kept as the JSON text that was stored, so replay and live delivery send identical bytes.
 * {@code agent} is not sent: it is there so subscribers can be filtered by their token's agent grants.
 */
@JsonPropertyOrder({"seq", "type", "key", "channel", "at", "data"})
public record Event(
        long seq,
        @JsonIgnore EventType eventType,
        String key,
        String channel,
        @JsonIgnore String agent,
        Instant at,
        @JsonRawValue String data) {

    @JsonProperty("type")
    public String type() {
        return eventType.wire();
    }
}
