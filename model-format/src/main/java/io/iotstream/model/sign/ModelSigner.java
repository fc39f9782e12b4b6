package io.iotstream.model.sign;

import io.iotstream.model.ModelArtifact;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Objects;

/**
 * Signs model artifacts with one Ed25519 private key. Thread-safe.
 *
 * <p>Where the key lives is the caller's business (a CI secret mounted as a file is the usual place); this class
 * never prints or logs it.
 */
public final class ModelSigner {

    private final PrivateKey privateKey;
    private final String keyId;

    private ModelSigner(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.keyId = TrustedKeys.keyId(publicKey);
    }

    /** A signer for a key pair (e.g. one made by {@link #generateKeyPair()}). */
    public static ModelSigner of(KeyPair keyPair) {
        Objects.requireNonNull(keyPair, "keyPair");
        return new ModelSigner(keyPair.getPrivate(), keyPair.getPublic());
    }

    /**
     * A signer for a PEM private key file (PKCS#8, as {@code openssl genpkey -algorithm ed25519} writes it).
     *
     * @throws SignatureException if the file is not an Ed25519 private key
     * @throws IOException if it cannot be read
     */
    public static ModelSigner fromPemFile(Path privateKeyPem) throws IOException, SignatureException {
        String pem = Files.readString(privateKeyPem, StandardCharsets.US_ASCII);
        PrivateKey key = Pem.privateKey(pem, privateKeyPem.toString());
        return new ModelSigner(key, publicKeyOf(key));
    }

    /** A fresh Ed25519 key pair. */
    public static KeyPair generateKeyPair() {
        try {
            return KeyPairGenerator.getInstance(ModelSignature.ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no Ed25519 (Java 15+ has): run on Java 17 or newer", e);
        }
    }

    /** Writes a key pair as {@code <dir>/<name>.key} (private, owner-only where the file system allows) and
     * {@code <dir>/<name>.pub}; returns the key id. Refuses to overwrite. */
    public static String writeKeyPair(KeyPair keyPair, Path dir, String name) throws IOException {
        Path privateFile = dir.resolve(name + ".key");
        Path publicFile = dir.resolve(name + ".pub");
        if (Files.exists(privateFile) || Files.exists(publicFile)) {
            throw new java.nio.file.FileAlreadyExistsException(Files.exists(privateFile) ? privateFile.toString()
                    : publicFile.toString(), null, "refusing to overwrite a key: choose another name or folder");
        }
        Files.createDirectories(dir);
        Files.writeString(publicFile, Pem.encode(keyPair.getPublic()), StandardCharsets.US_ASCII);
        Files.createFile(privateFile);
        try {
            Files.setPosixFilePermissions(privateFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the folder's permissions have to protect it
        }
        Files.writeString(privateFile, Pem.encode(keyPair.getPrivate()), StandardCharsets.US_ASCII);
        return TrustedKeys.keyId(keyPair.getPublic());
    }

    /** The id of this signer's public key, as {@link TrustedKeys} knows it. */
    public String keyId() {
        return keyId;
    }

    /** Signs the artifact's canonical content. */
    public ModelSignature sign(ModelArtifact artifact) {
        try {
            Signature signer = Signature.getInstance(ModelSignature.ALGORITHM);
            signer.initSign(privateKey);
            signer.update(artifact.canonicalContent());
            return new ModelSignature(keyId, artifact.id(), artifact.checksum(), signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed: " + e.getMessage(), e);
        }
    }

    private static PublicKey publicKeyOf(PrivateKey key) throws SignatureException {
        // The JDK cannot derive an EdDSA public key from the private key through a public API, but the PKCS#8
        // files OpenSSL and the JDK write hold only the seed; deriving it means generating the pair from the seed.
        try {
            byte[] seed = ((java.security.interfaces.EdECPrivateKey) key).getBytes()
                    .orElseThrow(() -> new SignatureException("the private key has no extractable seed"));
            KeyPairGenerator generator = KeyPairGenerator.getInstance(ModelSignature.ALGORITHM);
            generator.initialize(java.security.spec.NamedParameterSpec.ED25519, new FixedSeed(seed));
            return generator.generateKeyPair().getPublic();
        } catch (GeneralSecurityException e) {
            throw new SignatureException("cannot derive the public key of the private key: " + e.getMessage(), e);
        }
    }

    /** Hands the key generator the stored seed instead of fresh randomness, to rebuild the same key pair. */
    private static final class FixedSeed extends java.security.SecureRandom {
        private static final long serialVersionUID = 1L;
        private final byte[] seed;

        FixedSeed(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
        }
    }
}
