package dev.switchboard.run;

import com.fasterxml.jackson.databind.JsonNode;

/** The plain text of a message's {@code content}: the string itself, or its text blocks joined by newlines. */
final class ContentText {
    private ContentText() {}

    static String of(JsonNode content) {
        if (content == null || content.isNull() || content.isMissingNode()) return "";
        if (content.isTextual()) return content.textValue();
        var sb = new StringBuilder();
        if (content.isArray()) {
            for (JsonNode block : content) {
                String text = switch (block.path("type").asText()) {
                    case "text" -> block.path("text").asText();
                    case "tool_result" -> of(block.path("content"));
                    default -> null;
                };
                if (text == null || text.isEmpty()) continue;
                if (!sb.isEmpty()) sb.append('\n');
                sb.append(text);
            }
        }
        return sb.toString();
    }
}
