package dev.floorwatch.notifier.domain;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import dev.floorwatch.common.http.FieldError;

/**
 * Validates a receiver's JSON (NOTIFY.md) with every error named by field, so a 422 says what to
 * fix. A secret sent back masked (as a read shows it) or left out keeps the stored value: a
 * client can read, edit a name and write back without re-entering webhook tokens.
 */
public final class ReceiverParser {

    public record Outcome(Receiver receiver, List<FieldError> errors) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern MOBILE = Pattern.compile("\\+?[0-9]{5,20}");
    private static final Set<String> COMMON = Set.of("id", "type", "name", "language");
    private static final Map<ReceiverType, Set<String>> FIELDS = Map.of(
            ReceiverType.EMAIL, Set.of("to", "cc"),
            ReceiverType.FEISHU, Set.of("webhookUrl", "secret", "mentionAll"),
            ReceiverType.DINGTALK, Set.of("webhookUrl", "secret", "atMobiles", "atAll"),
            ReceiverType.WECOM, Set.of("webhookUrl", "mentionedList", "mentionedMobileList"),
            ReceiverType.INAPP, Set.of());

    private ReceiverParser() {
    }

    public static Outcome parse(JsonNode node, Integer index, WebhookPolicy policy, Optional<Receiver> previous) {
        List<FieldError> errors = new ArrayList<>();
        if (node == null || !node.isObject()) {
            errors.add(new FieldError(index, "$", "must be a receiver object"));
            return new Outcome(null, errors);
        }
        String id = text(node, "id", index, errors, true);
        if (id != null && !ID.matcher(id).matches()) {
            errors.add(new FieldError(index, "id", "must match " + ID.pattern()));
        }
        String typeName = text(node, "type", index, errors, true);
        ReceiverType type = typeName == null ? null : ReceiverType.fromWireName(typeName).orElse(null);
        if (typeName != null && type == null) {
            errors.add(new FieldError(index, "type", "must be one of email, feishu, dingtalk, wecom, inapp"));
        }
        String name = text(node, "name", index, errors, false);
        if (name != null && name.length() > 200) {
            errors.add(new FieldError(index, "name", "must be at most 200 characters"));
        }
        String languageName = text(node, "language", index, errors, false);
        Receiver.Language language = Receiver.Language.ZH;
        if (languageName != null) {
            switch (languageName) {
                case "zh", "zh-CN" -> language = Receiver.Language.ZH;
                case "en" -> language = Receiver.Language.EN;
                default -> errors.add(new FieldError(index, "language", "must be zh or en"));
            }
        }
        if (type == null) {
            return new Outcome(null, errors);
        }
        Set<String> allowed = new HashSet<>(COMMON);
        allowed.addAll(FIELDS.get(type));
        node.fieldNames().forEachRemaining(field -> {
            if (!allowed.contains(field)) {
                errors.add(new FieldError(index, field, "is not a field of a " + type.wireName() + " receiver"));
            }
        });
        Optional<Receiver> same = previous.filter(p -> p.type() == type);
        String webhookUrl = null;
        String secret = null;
        if (type.isWebhook()) {
            webhookUrl = secretText(node, "webhookUrl", same.map(Receiver::webhookUrl), index, errors);
            if (webhookUrl == null && !hasError(errors, "webhookUrl")) {
                errors.add(new FieldError(index, "webhookUrl", "is required"));
            } else if (webhookUrl != null) {
                Optional<String> refused = policy.refuse(webhookUrl);
                refused.ifPresent(why -> errors.add(new FieldError(index, "webhookUrl", why)));
                if (refused.isEmpty() && type == ReceiverType.DINGTALK && !webhookUrl.contains("access_token=")) {
                    errors.add(new FieldError(index, "webhookUrl", "must carry the robot's access_token"));
                }
                if (refused.isEmpty() && type == ReceiverType.WECOM && !webhookUrl.contains("key=")) {
                    errors.add(new FieldError(index, "webhookUrl", "must carry the robot's key"));
                }
            }
            if (type != ReceiverType.WECOM) {
                secret = secretText(node, "secret", same.map(Receiver::secret), index, errors);
                if (secret != null && (secret.isBlank() || secret.length() > 200)) {
                    errors.add(new FieldError(index, "secret", "must be 1 to 200 characters"));
                }
            }
        }
        List<String> to = list(node, "to", EMAIL, "an e-mail address", index, errors);
        List<String> cc = list(node, "cc", EMAIL, "an e-mail address", index, errors);
        if (type == ReceiverType.EMAIL && to.isEmpty() && !hasError(errors, "to")) {
            errors.add(new FieldError(index, "to", "needs at least one address"));
        }
        List<String> atMobiles = list(node, "atMobiles", MOBILE, "a mobile number", index, errors);
        List<String> mentionedList = list(node, "mentionedList", null, "a user id", index, errors);
        List<String> mentionedMobiles = list(node, "mentionedMobileList", MOBILE, "a mobile number", index, errors);
        Boolean mentionAll = type == ReceiverType.FEISHU ? bool(node, "mentionAll", index, errors) : null;
        Boolean atAll = type == ReceiverType.DINGTALK ? bool(node, "atAll", index, errors) : null;
        if (!errors.isEmpty()) {
            return new Outcome(null, errors);
        }
        return new Outcome(new Receiver(id, type, name, language, webhookUrl, secret, mentionAll, atMobiles, atAll,
                mentionedList, mentionedMobiles, to, cc), errors);
    }

    private static boolean hasError(List<FieldError> errors, String field) {
        return errors.stream().anyMatch(e -> field.equals(e.field()));
    }

    private static String text(JsonNode node, String field, Integer index, List<FieldError> errors, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                errors.add(new FieldError(index, field, "is required"));
            }
            return null;
        }
        if (!value.isTextual()) {
            errors.add(new FieldError(index, field, "must be a string"));
            return null;
        }
        return value.textValue();
    }

    /** A secret field: masked or missing means "keep the stored one". */
    private static String secretText(JsonNode node, String field, Optional<String> stored, Integer index,
            List<FieldError> errors) {
        String given = text(node, field, index, errors, false);
        if (given == null || given.contains(Receiver.MASK)) {
            if (given != null && stored.isEmpty()) {
                errors.add(new FieldError(index, field, "is masked, but no value is stored to keep: send the real value"));
            }
            return stored.orElse(null);
        }
        return given;
    }

    private static List<String> list(JsonNode node, String field, Pattern format, String what, Integer index,
            List<FieldError> errors) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray() || value.size() > 50) {
            errors.add(new FieldError(index, field, "must be an array of at most 50 items"));
            return List.of();
        }
        List<String> items = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            if (!item.isTextual() || item.textValue().isBlank() || item.textValue().length() > 200
                    || format != null && !format.matcher(item.textValue()).matches()) {
                errors.add(new FieldError(index, field + "[" + i + "]", "must be " + what));
            } else {
                items.add(item.textValue().trim());
            }
        }
        return List.copyOf(items);
    }

    private static boolean bool(JsonNode node, String field, Integer index, List<FieldError> errors) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            errors.add(new FieldError(index, field, "must be true or false"));
            return false;
        }
        return value.booleanValue();
    }
}
