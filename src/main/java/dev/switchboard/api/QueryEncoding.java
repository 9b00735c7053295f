package dev.switchboard.api;

import dev.switchboard.problem.ProblemException;
import dev.switchboard.problem.ProblemType;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Before-handler: a query string must be percent-encoded UTF-8. Jetty refuses a path that isn't (400), but decodes
 * a query's bad bytes as U+FFFD, so {@code ?q=%FF} would quietly search for a replacement character, and a lone
 * surrogate ({@code %ED%A0%80}) would become one. Refused instead, as for paths and bodies.
 */
final class QueryEncoding implements Handler {
    @Override
    public void handle(Context ctx) {
        String raw = ctx.queryString();
        if (raw != null && !raw.isEmpty() && !isUtf8(raw)) {
            throw new ProblemException(ProblemType.BAD_REQUEST,
                    "the query string is not percent-encoded UTF-8 (a bad %-escape or an invalid byte sequence)");
        }
    }

    static boolean isUtf8(String raw) {
        var bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) return false;
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) return false;
                bytes.write(hi << 4 | lo);
                i += 2;
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                // Raw non-ASCII on the request line, already decoded by Jetty: back to its UTF-8 bytes.
                int cp = raw.codePointAt(i);
                bytes.writeBytes(Character.toString(cp).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp) - 1;
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
