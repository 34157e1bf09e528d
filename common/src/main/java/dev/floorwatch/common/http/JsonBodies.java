package dev.floorwatch.common.http;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Parses request bodies into JSON trees so that every field can be validated and every error
 * reported at once; malformed JSON is a 400 problem naming where parsing stopped.
 */
public final class JsonBodies {

    private static final ObjectMapper READER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private JsonBodies() {
    }

    public static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw ProblemException.badRequest("The request body is empty; a JSON document is required.");
        }
        try {
            JsonNode node = READER.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw ProblemException.badRequest("The request body is empty; a JSON document is required.");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest("Malformed JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr()
                            + ", column " + e.getLocation().getColumnNr() + ")"));
        } catch (IOException e) {
            throw ProblemException.badRequest("Unreadable body: " + e.getMessage());
        }
    }

    /** A JSON body of a request whose Content-Type must name JSON: 415 otherwise, 400 when malformed. */
    public static JsonNode parse(String contentType, byte[] body) {
        if (!isJson(contentType)) {
            throw unsupportedMediaType(contentType);
        }
        return parse(body);
    }

    /** True when the Content-Type header names JSON (any parameters, such as a charset, allowed). */
    public static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String base = contentType.split(";", 2)[0].trim().toLowerCase();
        return base.equals("application/json") || (base.startsWith("application/") && base.endsWith("+json"));
    }

    public static ProblemException unsupportedMediaType(String contentType) {
        return new ProblemException(Problem.of(415, "unsupported-media-type", "Unsupported Media Type",
                "Send 'Content-Type: application/json'" + (contentType == null ? "." : ", not '" + contentType + "'.")));
    }
}
