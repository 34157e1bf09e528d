package dev.floorwatch.notifier.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Known vectors computed outside Java, so a mistake shared by code and test cannot hide:
 * <pre>
 * Feishu:   printf '' | openssl dgst -sha256 -hmac "$(printf '1599360473\ndemo-secret')" -binary | base64
 * DingTalk: printf '1577262236763\nSEC1f2e3d4c5b6a79880f1e2d3c4b5a6978' \
 *             | openssl dgst -sha256 -hmac 'SEC1f2e3d4c5b6a79880f1e2d3c4b5a6978' -binary | base64
 *           then python3 -c "import urllib.parse; print(urllib.parse.quote(SIG, safe=''))"
 * </pre>
 */
class VendorSigningTest {

    @Test
    void feishuSignsWithTimestampAndSecretAsTheKeyOverEmptyBytes() {
        assertEquals("3/MaVZ8JLIy4TUG+7KSFJqvUkTKd+HWY8g+56DZWq8s=", VendorSigning.feishu(1599360473L, "demo-secret"));
    }

    @Test
    void dingTalkSignsTimestampAndSecretWithTheSecretAsTheKey() {
        assertEquals("zyIg4ow1uP/clizWuRN2UAzl3qPN4Uqx+C7J/w+c93k=",
                VendorSigning.dingTalk(1577262236763L, "SEC1f2e3d4c5b6a79880f1e2d3c4b5a6978"));
    }

    @Test
    void dingTalkUrlCarriesMillisecondsAndTheSignatureEncodedExactlyOnce() {
        String url = VendorSigning.dingTalkUrl("https://oapi.dingtalk.com/robot/send?access_token=abc", 1577262236763L,
                "SEC1f2e3d4c5b6a79880f1e2d3c4b5a6978");
        assertEquals("https://oapi.dingtalk.com/robot/send?access_token=abc&timestamp=1577262236763"
                + "&sign=zyIg4ow1uP%2FclizWuRN2UAzl3qPN4Uqx%2BC7J%2Fw%2Bc93k%3D", url);
    }
}
