package com.nlre.tenancy.command.web;

import com.nlre.tenancy.web.ProblemException;
import com.nlre.tenancy.web.limits.BodyTooLarge;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Uploaded files (CSV, number lists) read whole but never beyond a ceiling: a larger body answers 413 problem+json
 * ({@code urn:nlre:problem:}{@value #CONTENT_TOO_LARGE}) after at most the ceiling plus one byte was read.
 */
public final class BoundedBody {

    public static final String CONTENT_TOO_LARGE = "content-too-large";

    private BoundedBody() {
    }

    public static byte[] read(HttpServletRequest request, int maxBytes) {
        try (InputStream body = request.getInputStream()) {
            byte[] bytes = body.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw new ProblemException(HttpStatus.PAYLOAD_TOO_LARGE, CONTENT_TOO_LARGE, "Content too large",
                        "The body may hold at most " + maxBytes + " bytes.", Map.of("maxBytes", maxBytes));
            }
            return bytes;
        } catch (BodyTooLarge e) {
            throw new ProblemException(HttpStatus.PAYLOAD_TOO_LARGE, CONTENT_TOO_LARGE, "Content too large",
                    e.getMessage(), Map.of("maxBytes", e.maxBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The body as UTF-8 text without a byte-order mark; other encodings answer 400 naming {@code field}. */
    public static String utf8(byte[] bytes, String field) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw ProblemException.invalidParameter(field, "must be UTF-8 text");
        }
    }
}
