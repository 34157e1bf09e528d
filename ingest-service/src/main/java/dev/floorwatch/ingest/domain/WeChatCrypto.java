package dev.floorwatch.ingest.domain;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The WeChat Official Account message protocol's cryptography, exactly as WeChat computes it:
 * the URL and message signatures (SHA-1 of the sorted parts, joined) and the safe mode's
 * AES-256-CBC (key = Base64(EncodingAESKey + "="), IV = the key's first 16 bytes, PKCS#7 padded to
 * 32-byte blocks; plaintext = 16 random bytes, 4-byte big-endian length, the XML, the AppId).
 */
public final class WeChatCrypto {

    private static final int BLOCK = 32;

    /** A push that cannot be trusted or read: wrong signature, bad key, wrong AppId, corrupt cipher text. */
    public static final class Rejected extends RuntimeException {
        public Rejected(String message) {
            super(message);
        }
    }

    private final byte[] key;
    private final String appId;

    /** {@code encodingAesKey}: the 43 characters from the account's settings. */
    public WeChatCrypto(String encodingAesKey, String appId) {
        if (encodingAesKey == null || encodingAesKey.length() != 43) {
            throw new Rejected("EncodingAESKey must be 43 characters");
        }
        try {
            this.key = Base64.getDecoder().decode(encodingAesKey + "=");
        } catch (IllegalArgumentException e) {
            throw new Rejected("EncodingAESKey is not Base64");
        }
        this.appId = appId;
    }

    /** {@code signature} / {@code msg_signature}: SHA-1 hex of the parts sorted and concatenated. */
    public static String signature(String... parts) {
        String[] sorted = parts.clone();
        Arrays.sort(sorted);
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            return HexFormat.of().formatHex(sha1.digest(String.join("", sorted).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Constant-time comparison of a received signature with the expected one. */
    public static boolean matches(String expected, String received) {
        return received != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                received.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    /** The XML inside {@code encrypt} (the {@code <Encrypt>} element's text), checked to be for this AppId. */
    public String decrypt(String encrypt) {
        byte[] plain;
        try {
            byte[] cipherText = Base64.getDecoder().decode(encrypt);
            Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(key, 0, 16));
            plain = cipher.doFinal(cipherText);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new Rejected("Encrypt cannot be decrypted: " + e.getClass().getSimpleName());
        }
        int pad = plain.length == 0 ? 0 : plain[plain.length - 1] & 0xff;
        if (pad < 1 || pad > BLOCK || plain.length - pad < 20) {
            throw new Rejected("Encrypt has bad padding");
        }
        int end = plain.length - pad;
        int length = ByteBuffer.wrap(plain, 16, 4).getInt();
        if (length < 0 || 20 + length > end) {
            throw new Rejected("Encrypt has a bad message length");
        }
        String xml = new String(plain, 20, length, StandardCharsets.UTF_8);
        String from = new String(plain, 20 + length, end - 20 - length, StandardCharsets.UTF_8);
        if (!from.equals(appId)) {
            throw new Rejected("Encrypt is for another AppId");
        }
        return xml;
    }

    /** Encrypts {@code xml} as WeChat does (for replies and tests); {@code random16}: 16 random bytes. */
    public String encrypt(String xml, byte[] random16) {
        byte[] body = xml.getBytes(StandardCharsets.UTF_8);
        byte[] id = appId.getBytes(StandardCharsets.UTF_8);
        int unpadded = 16 + 4 + body.length + id.length;
        int pad = BLOCK - unpadded % BLOCK;
        ByteBuffer plain = ByteBuffer.allocate(unpadded + pad);
        plain.put(random16, 0, 16).putInt(body.length).put(body).put(id);
        for (int i = 0; i < pad; i++) {
            plain.put((byte) pad);
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(key, 0, 16));
            return Base64.getEncoder().encodeToString(cipher.doFinal(plain.array()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
