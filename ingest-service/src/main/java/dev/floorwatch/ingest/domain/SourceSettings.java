package dev.floorwatch.ingest.domain;

import static dev.floorwatch.ingest.domain.BodyFields.text;
import static dev.floorwatch.ingest.domain.BodyFields.unknownFields;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import dev.floorwatch.common.http.FieldError;
import dev.floorwatch.common.http.ProblemException;

/**
 * A tenant's settings for the real sources (docs/sources.md) and the validation of their request
 * bodies. Secrets are accepted here and never shown again: {@link #view} is what reads return.
 */
public final class SourceSettings {

    public enum Source {
        CHATWOOT, WECHAT, BEACON;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Source of(String name) {
            for (Source source : values()) {
                if (source.wireName().equals(name)) {
                    return source;
                }
            }
            throw ProblemException.notFound("No source " + name + "; sources are chatwoot, wechat and beacon.");
        }
    }

    /**
     * {@code webhookSecret} null: the webhook must then carry the ingest key (a relay adds it).
     * {@code apiBaseUrl} and {@code apiAccessToken} (both or neither) turn on polling the agents API
     * for presence.
     */
    public record Chatwoot(String accountId, String webhookSecret, String apiBaseUrl, String apiAccessToken) {

        public boolean polls() {
            return apiBaseUrl != null && apiAccessToken != null;
        }
    }

    /** Which Chatwoot API base URLs the operator lets tenants have polled. */
    public record ApiPolicy(Set<String> hosts, boolean allowLoopbackHttp) {

        /** Null when {@code url} may be polled, else why not. */
        String refuse(String url) {
            URI uri;
            try {
                uri = new URI(url);
            } catch (URISyntaxException e) {
                return "must be a URL such as https://app.chatwoot.com";
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
            if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                return "must be a base URL without user info, query or fragment";
            }
            if (allowLoopbackHttp && scheme.equals("http") && host.equals("127.0.0.1")) {
                return null;
            }
            if (!scheme.equals("https")) {
                return "must be an https URL";
            }
            if (!hosts.contains(host)) {
                return "host " + host + " is not allowed by the operator (allowed: "
                        + String.join(", ", hosts.stream().sorted().toList()) + ")";
            }
            return null;
        }
    }

    /** {@code encodingAesKey} null: plaintext mode only. */
    public record WeChat(String appId, String token, String encodingAesKey) {
    }

    /** {@code siteKey} is public (it sits in the page); the origins are what guard it. */
    public record Beacon(String siteKey, List<String> allowedOrigins) {
    }

    private static final Pattern ACCOUNT = Pattern.compile("[1-9][0-9]{0,11}");
    private static final Pattern APP_ID = Pattern.compile("[A-Za-z0-9_]{4,64}");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9]{3,32}");
    private static final Pattern AES_KEY = Pattern.compile("[A-Za-z0-9]{43}");
    private static final int MAX_ORIGINS = 50;

    private SourceSettings() {
    }

    public static Chatwoot chatwoot(JsonNode body, ApiPolicy policy) {
        List<FieldError> errors = new ArrayList<>();
        object(body, Set.of("accountId", "webhookSecret", "apiBaseUrl", "apiAccessToken"), errors);
        String account = body.path("accountId").isIntegralNumber() ? body.get("accountId").asText()
                : text(body, "accountId", true, errors);
        if (account != null && !ACCOUNT.matcher(account).matches()) {
            errors.add(FieldError.of("accountId", "must be the Chatwoot account id (the number in /app/accounts/<id>/)"));
        }
        String secret = text(body, "webhookSecret", false, errors);
        if (secret != null && (secret.length() < 16 || secret.length() > 256)) {
            errors.add(FieldError.of("webhookSecret", "must be 16 to 256 characters (Chatwoot shows it on the webhook)"));
        }
        String baseUrl = text(body, "apiBaseUrl", false, errors);
        String token = text(body, "apiAccessToken", false, errors);
        if ((baseUrl == null) != (token == null)) {
            errors.add(FieldError.of(baseUrl == null ? "apiBaseUrl" : "apiAccessToken",
                    "agent polling needs both apiBaseUrl and apiAccessToken"));
        }
        if (baseUrl != null) {
            String refused = policy.refuse(baseUrl);
            if (refused != null) {
                errors.add(FieldError.of("apiBaseUrl", refused));
            }
            baseUrl = baseUrl.replaceAll("/+$", "");
        }
        if (token != null && (token.isBlank() || token.length() > 256)) {
            errors.add(FieldError.of("apiAccessToken", "must be the access token of a Chatwoot administrator (Profile settings)"));
        }
        fail(errors);
        return new Chatwoot(account, secret, baseUrl, token);
    }

    public static WeChat weChat(JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        object(body, Set.of("appId", "token", "encodingAesKey"), errors);
        String appId = text(body, "appId", true, errors);
        if (appId != null && !APP_ID.matcher(appId).matches()) {
            errors.add(FieldError.of("appId", "must be the Official Account's AppID (letters, digits, _)"));
        }
        String token = text(body, "token", true, errors);
        if (token != null && !TOKEN.matcher(token).matches()) {
            errors.add(FieldError.of("token", "must be 3 to 32 letters or digits, as WeChat requires"));
        }
        String key = text(body, "encodingAesKey", false, errors);
        if (key != null && !AES_KEY.matcher(key).matches()) {
            errors.add(FieldError.of("encodingAesKey", "must be the 43 letters and digits of the EncodingAESKey"));
        }
        fail(errors);
        return new WeChat(appId, token, key);
    }

    /** The allowed origins of a beacon; the site key is issued by the caller. */
    public static List<String> beaconOrigins(JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        object(body, Set.of("allowedOrigins"), errors);
        JsonNode origins = body.path("allowedOrigins");
        Set<String> normalised = new LinkedHashSet<>();
        if (!origins.isArray() || origins.isEmpty() || origins.size() > MAX_ORIGINS) {
            errors.add(FieldError.of("allowedOrigins", "must list 1 to " + MAX_ORIGINS
                    + " origins such as https://www.example.cn (scheme, host, optional port)"));
        } else {
            for (int i = 0; i < origins.size(); i++) {
                String origin = origin(origins.get(i).asText(""));
                if (origin == null) {
                    errors.add(FieldError.of("allowedOrigins[" + i + "]",
                            "must be an origin: http(s)://host[:port], no path, query or wildcard"));
                } else {
                    normalised.add(origin);
                }
            }
        }
        fail(errors);
        return List.copyOf(normalised);
    }

    /** The origin in the form browsers send it, or null when {@code text} is none. */
    static String origin(String text) {
        try {
            URI uri = new URI(text.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            boolean bare = (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))
                    && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
            if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null || !bare
                    || uri.getHost().contains("*")) {
                return null;
            }
            return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** What reads show: everything but the secrets, which only say whether they are set. */
    public static Map<String, Object> view(Object settings) {
        if (settings instanceof Chatwoot c) {
            Map<String, Object> view = new java.util.LinkedHashMap<>();
            view.put("accountId", c.accountId());
            view.put("webhookSecretSet", c.webhookSecret() != null);
            view.put("agentPolling", c.polls());
            if (c.polls()) {
                view.put("apiBaseUrl", c.apiBaseUrl());
                view.put("apiAccessTokenSet", true);
            }
            return view;
        }
        if (settings instanceof WeChat w) {
            return Map.of("appId", w.appId(), "tokenSet", true, "encodingAesKeySet", w.encodingAesKey() != null);
        }
        Beacon b = (Beacon) settings;
        return Map.of("siteKey", b.siteKey(), "allowedOrigins", b.allowedOrigins());
    }

    private static void object(JsonNode body, Set<String> known, List<FieldError> errors) {
        if (!body.isObject()) {
            throw ProblemException.invalid(List.of(FieldError.of("$", "must be an object with " + known)));
        }
        unknownFields(body, known, errors, "");
    }

    private static void fail(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
    }
}
