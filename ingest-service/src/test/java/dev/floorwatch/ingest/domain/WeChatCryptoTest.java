package dev.floorwatch.ingest.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** Known-answer vectors published with WeChat's own samples (Tencent's WXBizMsgCrypt test) and the issue. */
class WeChatCryptoTest {

    private static final String SAMPLE_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

    @Test
    void urlVerificationSignatureMatchesThePublicVector() {
        String expected = WeChatCrypto.signature("AAAAA", "1714037059", "486452656");
        assertEquals("899cf89e464efb63f54ddac96b0a0a235f53aa78", expected);
        assertTrue(WeChatCrypto.matches(expected, "899CF89E464EFB63F54DDAC96B0A0A235F53AA78"));
        assertFalse(WeChatCrypto.matches(expected, "899cf89e464efb63f54ddac96b0a0a235f53aa79"));
        assertFalse(WeChatCrypto.matches(expected, null));
    }

    @Test
    void encryptionMatchesTencentsSampleAndDecryptsBack() {
        WeChatCrypto crypto = new WeChatCrypto(SAMPLE_KEY, "wxb11529c136998cb6");
        String encrypted = crypto.encrypt("我是中文abcd123", "aaaabbbbccccdddd".getBytes(StandardCharsets.US_ASCII));
        assertEquals("jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==", encrypted);
        assertEquals("我是中文abcd123", crypto.decrypt(encrypted));
    }

    /** A real safe-mode push (from the wxbizmsgcrypto package's published example): signature and content. */
    @Test
    void aPublishedSafeModePushVerifiesAndDecrypts() {
        String encrypt = "hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9"
                + "FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzj"
                + "lpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1"
                + "DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE=";
        assertEquals("5d197aaffba7e9b25a30732f161a50dee96bd5fa", WeChatCrypto.signature("spamtest", "1409735669", "1320562132", encrypt));
        String xml = new WeChatCrypto(SAMPLE_KEY, "wx2c2769f8efd9abc2").decrypt(encrypt);
        assertTrue(xml.startsWith("<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName>"), xml);
        assertTrue(xml.contains("<CreateTime>1409735668</CreateTime>"), xml);
    }

    @Test
    void aLongXmlRoundTripsAcrossBlockBoundaries() {
        WeChatCrypto crypto = new WeChatCrypto(SAMPLE_KEY, "wx2c2769f8efd9abc2");
        for (int n = 0; n < 70; n++) {
            String xml = "<xml><Content><![CDATA[" + "问".repeat(n) + "]]></Content></xml>";
            assertEquals(xml, crypto.decrypt(crypto.encrypt(xml, new byte[16])));
        }
    }

    @Test
    void anotherAccountsMessageOrAWrongKeyIsRejected() {
        String encrypted = new WeChatCrypto(SAMPLE_KEY, "wxb11529c136998cb6").encrypt("<xml/>", new byte[16]);
        var other = assertThrows(WeChatCrypto.Rejected.class, () -> new WeChatCrypto(SAMPLE_KEY, "wx0000000000000000").decrypt(encrypted));
        assertTrue(other.getMessage().contains("AppId"));
        String wrongKey = "bbcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
        assertThrows(WeChatCrypto.Rejected.class, () -> new WeChatCrypto(wrongKey, "wxb11529c136998cb6").decrypt(encrypted));
        assertThrows(WeChatCrypto.Rejected.class, () -> new WeChatCrypto(SAMPLE_KEY, "wxb11529c136998cb6").decrypt("not base64!"));
        assertThrows(WeChatCrypto.Rejected.class, () -> new WeChatCrypto(SAMPLE_KEY, "wxb11529c136998cb6").decrypt("AAAA"));
        assertThrows(WeChatCrypto.Rejected.class, () -> new WeChatCrypto("short", "wxb11529c136998cb6"));
    }
}
