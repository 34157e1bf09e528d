package dev.floorwatch.alert.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class KeywordMatcherTest {

    private final KeywordMatcher complaints = new KeywordMatcher(
            List.of("投诉", "差评", "举报", "12315", "律师", "曝光", "骗子", "complaint", "scam", "退款", "退款申请", "refund"));

    @Test
    void findsChineseKeywordsInsideASentence() {
        assertEquals(Set.of("投诉"), complaints.find("你们再不处理我就要投诉了"));
    }

    @Test
    void overlappingKeywordsAllMatch() {
        assertEquals(Set.of("退款", "退款申请"), complaints.find("我提交了退款申请三天了"));
    }

    @Test
    void caseAndWidthAreFolded() {
        assertEquals(Set.of("scam"), complaints.find("This is a SCAM!"));
        assertEquals(Set.of("refund"), complaints.find("ＲＥＦＵＮＤ please"));
        assertEquals(Set.of("12315"), complaints.find("我要打１２３１５"));
    }

    @Test
    void severalKeywordsInOnePassInOrderOfAppearance() {
        assertEquals(List.of("骗子", "曝光", "律师"), new ArrayList<>(complaints.find("骗子!我要曝光你们,已经找了律师")));
    }

    @Test
    void noFalseMatchOnPrefixes() {
        assertTrue(complaints.find("我想投个票").isEmpty());
        assertTrue(complaints.find("compl aint").isEmpty());
    }

    @Test
    void thousandsOfKeywordsStillMatchExactly() {
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            many.add("词" + i + "号");
        }
        many.add("投诉");
        KeywordMatcher matcher = new KeywordMatcher(many);
        assertEquals(1001, matcher.size());
        assertEquals(Set.of("词42号", "投诉"), matcher.find("关于词42号的投诉"));
    }

    @Test
    void repeatedQuestionsIgnorePunctuationSpacingAndWidth() {
        assertEquals(QuestionFingerprint.of("在吗？？"), QuestionFingerprint.of(" 在 吗 ?"));
        assertEquals(QuestionFingerprint.of("Where is my order?"), QuestionFingerprint.of("where is my ORDER!!"));
        assertTrue(!QuestionFingerprint.of("在吗").equals(QuestionFingerprint.of("在不在")));
    }
}
