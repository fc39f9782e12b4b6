package io.iotstream.model.sign;

import io.iotstream.model.ModelArtifact;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The public keys a scorer (or {@code model verify}) trusts. More than one key may be trusted at once, so a key
 * can be rotated without a gap: trust the new key everywhere, start signing with it, then drop the old one.
 * Immutable and thread-safe.
 */
public final class TrustedKeys {

    private final Map<String, PublicKey> keys;

    private TrustedKeys(Map<String, PublicKey> keys) {
        this.keys = Map.copyOf(keys);
    }

    /** Trusts exactly these keys. */
    public static TrustedKeys of(Collection<PublicKey> publicKeys) {
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        for (PublicKey key : publicKeys) {
            if (!ModelSignature.ALGORITHM.equalsIgnoreCase(key.getAlgorithm())
                    && !"EdDSA".equalsIgnoreCase(key.getAlgorithm())) {
                throw new IllegalArgumentException("only Ed25519 keys can be trusted, not " + key.getAlgorithm());
            }
            keys.put(keyId(key), key);
        }
        return new TrustedKeys(keys);
    }

    /**
     * Loads PEM public keys: each path is a {@code .pub}/{@code .pem} file, or a folder whose {@code *.pub} and
     * {@code *.pem} files are all trusted (how a Kubernetes secret or ConfigMap of keys is mounted).
     *
     * @throws SignatureException if a file is not an Ed25519 public key, or no key is found
     * @throws IOException if a path cannot be read
     */
    public static TrustedKeys load(List<Path> paths) throws IOException, SignatureException {
        List<PublicKey> keys = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                List<Path> files;
                try (Stream<Path> list = Files.list(path)) {
                    files = list.filter(p -> p.toString().endsWith(".pub") || p.toString().endsWith(".pem"))
                            .filter(Files::isRegularFile).sorted().toList();
                }
                for (Path file : files) {
                    keys.add(Pem.publicKey(Files.readString(file, StandardCharsets.US_ASCII), file.toString()));
                }
            } else {
                keys.add(Pem.publicKey(Files.readString(path, StandardCharsets.US_ASCII), path.toString()));
            }
        }
        if (keys.isEmpty()) {
            throw new SignatureException("no public key found in " + paths
                    + ": give .pub or .pem files (or folders holding them)");
        }
        return of(keys);
    }

    /** A key's id: {@code ed25519:} and the first 16 hex digits of SHA-256 over its X.509 encoding. */
    public static String keyId(PublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return "ed25519:" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The ids of the trusted keys. */
    public List<String> keyIds() {
        return List.copyOf(keys.keySet());
    }

    /** The PEM text of a trusted public key, e.g. to publish it beside the models. */
    public String pem(String keyId) {
        PublicKey key = keys.get(keyId);
        if (key == null) {
            throw new IllegalArgumentException("no trusted key " + keyId);
        }
        return Pem.encode(key);
    }

    /**
     * Checks that {@code signature} is a valid signature of {@code artifact} by a trusted key.
     *
     * @param signature the artifact's signature, or null if it has none
     * @throws SignatureException naming what is wrong: unsigned, signed by an untrusted key, signature of another
     *     artifact, or not a valid signature (tampered content)
     */
    public void verify(ModelArtifact artifact, ModelSignature signature) throws SignatureException {
        if (signature == null) {
            throw new SignatureException(artifact.id() + " is not signed, and only signed models are accepted: "
                    + "sign it with `model sign` (or train with --sign-key) and publish it again");
        }
        PublicKey key = keys.get(signature.keyId());
        if (key == null) {
            throw new SignatureException(artifact.id() + " is signed by key " + signature.keyId()
                    + ", which is not trusted (trusted: " + String.join(", ", keys.keySet())
                    + "): add its public key to the trusted keys, or sign with a trusted key");
        }
        if (!signature.checksum().equals(artifact.checksum()) || !signature.modelId().equals(artifact.id())) {
            throw new SignatureException("the signature is for " + signature.modelId() + " " + signature.checksum()
                    + ", not for " + artifact.id() + " " + artifact.checksum()
                    + ": the model was changed after signing, or the wrong signature file was given");
        }
        boolean valid;
        try {
            Signature verifier = Signature.getInstance(ModelSignature.ALGORITHM);
            verifier.initVerify(key);
            verifier.update(artifact.canonicalContent());
            valid = verifier.verify(signature.signature());
        } catch (java.security.SignatureException e) {
            valid = false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 verification failed to run: " + e.getMessage(), e);
        }
        if (!valid) {
            throw new SignatureException("the signature of " + artifact.id() + " by " + signature.keyId()
                    + " does not verify: the model or its signature was tampered with; do not serve it");
        }
    }

    @Override
    public String toString() {
        return "TrustedKeys" + keys.keySet();
    }
}
