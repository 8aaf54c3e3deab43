package com.salaryml.training;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The JDK's keytool and jarsigner, run as a data scientist and an operator run them. */
final class Keytool {

    static final String PASSWORD = "test-keystore-password";

    /** What a command printed, and how it ended. */
    record Result(int status, String output) {
    }

    private Keytool() {
    }

    /** A PKCS12 keystore holding one key pair and its self-signed certificate, valid for 90 days unless told. */
    static Path keystore(Path dir, String alias, String commonName, String... options) {
        Path keystore = dir.resolve(alias + ".p12");
        var command = new ArrayList<>(List.of(tool("keytool"), "-genkeypair", "-alias", alias, "-keystore",
                keystore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD, "-dname",
                "CN=" + commonName + ", OU=Data Science, O=Salary Model Tests"));
        command.addAll(List.of(options.length == 0 ? new String[] {"-keyalg", "Ed25519", "-validity", "90"} : options));
        require(run(command), command);
        return keystore;
    }

    /** The certificates of the given keystores' keys, exported with -rfc into one PEM file. */
    static Path trust(Path file, Path... keystores) {
        var text = new StringBuilder();
        for (Path keystore : keystores) {
            String alias = keystore.getFileName().toString().replace(".p12", "");
            var command = List.of(tool("keytool"), "-exportcert", "-rfc", "-alias", alias, "-keystore",
                    keystore.toString(), "-storepass", PASSWORD);
            text.append(require(run(command), command).output());
        }
        try {
            return java.nio.file.Files.writeString(file, text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String tool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }

    static Result run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command.get(0) + " did not finish");
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Result require(Result result, List<String> command) {
        if (result.status() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + result.output());
        }
        return result;
    }
}
