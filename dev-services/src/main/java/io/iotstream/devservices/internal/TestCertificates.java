package io.iotstream.devservices.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away certificate authority and a server certificate it signed, for {@code 127.0.0.1} and
 * {@code localhost}, made with the JDK's {@code keytool} (no extra dependency): a PKCS12 key store for the server
 * and a PKCS12 trust store holding only the CA, for clients. EC keys (P-256): generated in milliseconds.
 */
public final class TestCertificates {

    private static final long KEYTOOL_TIMEOUT_SECONDS = 60;

    private final Path keystore;
    private final String keystorePassword;
    private final Path truststore;
    private final String truststorePassword;

    private TestCertificates(Path keystore, String keystorePassword, Path truststore, String truststorePassword) {
        this.keystore = keystore;
        this.keystorePassword = keystorePassword;
        this.truststore = truststore;
        this.truststorePassword = truststorePassword;
    }

    /**
     * Makes the CA, the server key store and the client trust store in {@code dir}.
     *
     * @throws IllegalStateException with keytool's output, if a step fails
     */
    public static TestCertificates create(Path dir, String keystorePassword, String truststorePassword) {
        Objects.requireNonNull(dir, "dir");
        Path ca = dir.resolve("ca.p12");
        Path caCert = dir.resolve("ca.crt");
        Path csr = dir.resolve("server.csr");
        Path serverCert = dir.resolve("server.crt");
        Path keystore = dir.resolve("server.keystore.p12");
        Path truststore = dir.resolve("client.truststore.p12");
        // The CA's key store is used only here; it shares the server's password.
        String pw = keystorePassword;
        keytool(dir, "-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=IoTStream test CA", "-ext", "bc:c", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", ca.toString(), "-storepass", pw, "-keypass", pw);
        keytool(dir, "-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-storepass", pw,
                "-file", caCert.toString());
        keytool(dir, "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", pw, "-keypass", pw);
        keytool(dir, "-certreq", "-alias", "server", "-keystore", keystore.toString(), "-storepass", pw,
                "-file", csr.toString());
        // Clients verify the host name (ssl.endpoint.identification.algorithm=https): the SAN must name it.
        keytool(dir, "-gencert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-storepass", pw,
                "-infile", csr.toString(), "-outfile", serverCert.toString(), "-validity", "2",
                "-ext", "san=ip:127.0.0.1,dns:localhost", "-ext", "eku=serverAuth");
        // The chain: the CA first, so that the signed reply can be matched to it.
        keytool(dir, "-importcert", "-noprompt", "-alias", "ca", "-file", caCert.toString(),
                "-keystore", keystore.toString(), "-storepass", pw);
        keytool(dir, "-importcert", "-alias", "server", "-file", serverCert.toString(),
                "-keystore", keystore.toString(), "-storepass", pw);
        keytool(dir, "-importcert", "-noprompt", "-alias", "ca", "-file", caCert.toString(),
                "-storetype", "PKCS12", "-keystore", truststore.toString(), "-storepass", truststorePassword);
        return new TestCertificates(keystore, keystorePassword, truststore, truststorePassword);
    }

    /** The server's PKCS12 key store: its key and the chain CA → server. */
    public Path keystore() {
        return keystore;
    }

    /** The password of the key store and of the key in it. */
    public String keystorePassword() {
        return keystorePassword;
    }

    /** The clients' PKCS12 trust store: the CA only. */
    public Path truststore() {
        return truststore;
    }

    public String truststorePassword() {
        return truststorePassword;
    }

    private static void keytool(Path dir, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Path output = dir.resolve("keytool.log");
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile())).start();
            process.getOutputStream().close(); // -importcert of a reply would otherwise wait for a "yes"
            if (!process.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool " + args[0] + " did not finish within "
                        + KEYTOOL_TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("keytool " + args[0] + " failed (exit " + process.exitValue()
                        + "): " + Files.readString(output, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run keytool from " + System.getProperty("java.home"), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running keytool", e);
        }
    }
}
