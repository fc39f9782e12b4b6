package io.iotstream.model.sign;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Ed25519 keys as PEM: {@code PRIVATE KEY} (PKCS#8) and {@code PUBLIC KEY} (X.509 SubjectPublicKeyInfo), the
 * files {@code openssl genpkey -algorithm ed25519} and {@code openssl pkey -pubout} write, so keys can be made
 * and rotated with standard tools.
 */
final class Pem {

    private static final String PRIVATE = "PRIVATE KEY";
    private static final String PUBLIC = "PUBLIC KEY";

    private Pem() {
    }

    static String encode(Key key) {
        String type = key instanceof PrivateKey ? PRIVATE : PUBLIC;
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded());
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    static PrivateKey privateKey(String pem, String source) throws SignatureException {
        byte[] der = decode(pem, PRIVATE, source);
        try {
            return KeyFactory.getInstance(ModelSignature.ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new SignatureException(source + " is not an Ed25519 private key (" + e.getMessage()
                    + "): make one with `model keygen` or `openssl genpkey -algorithm ed25519`", e);
        }
    }

    static PublicKey publicKey(String pem, String source) throws SignatureException {
        byte[] der = decode(pem, PUBLIC, source);
        try {
            return KeyFactory.getInstance(ModelSignature.ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new SignatureException(source + " is not an Ed25519 public key (" + e.getMessage()
                    + "): export it with `openssl pkey -in key.pem -pubout`", e);
        }
    }

    private static byte[] decode(String pem, String type, String source) throws SignatureException {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end);
        if (from < 0 || to < from) {
            throw new SignatureException(source + " has no '" + begin + "' block: give a PEM " + type.toLowerCase(
                    java.util.Locale.ROOT) + " file");
        }
        try {
            return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
        } catch (IllegalArgumentException e) {
            throw new SignatureException(source + " holds invalid base64 in its PEM block: export the key again", e);
        }
    }
}
