package dev.floorwatch.alert.domain;

/**
 * What makes two visitor messages "near-identical" for {@code repeatedQuestion} (ALERTS.md):
 * the same text once punctuation, symbols and spacing are dropped, widths folded and case ignored.
 * '在吗？？' , '在吗?' and ' 在 吗 ' are the same question.
 */
public final class QuestionFingerprint {

    private QuestionFingerprint() {
    }

    public static String of(String text) {
        String folded = KeywordMatcher.normalize(text == null ? "" : text);
        StringBuilder kept = new StringBuilder(folded.length());
        folded.codePoints().filter(Character::isLetterOrDigit).forEach(kept::appendCodePoint);
        return kept.toString();
    }
}
