package com.salaryml.training;

import com.salaryml.artifact.signing.Approval;
import com.salaryml.artifact.signing.ApprovalException;
import com.salaryml.artifact.format.LoadedModel;
import com.salaryml.artifact.format.ModelFormat;
import com.salaryml.artifact.format.ModelJar;
import com.salaryml.artifact.format.ModelLoadException;
import com.salaryml.artifact.format.ModelLoader;
import com.salaryml.artifact.metadata.ModelMetadata;
import com.salaryml.artifact.signing.ModelSignature;
import com.salaryml.artifact.signing.TrustLoadException;
import com.salaryml.artifact.signing.TrustedApprovers;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Publishes one signed model into a stage's model directory, the same bytes at every stage: development,
 * testing, staging, production. It checks the signature against that stage's trusted approvers first and
 * refuses, writing nothing, if it does not verify. Files are written under a hidden name and renamed into
 * place, the signature before the model file, so the app's directory watcher never sees a model without its
 * signature, nor half a file.
 */
final class PromoteCommand {

    static final String TRUST_PASSWORD_VARIABLE = "SALARY_TRUST_PASSWORD";

    static final String USAGE = """
            Usage: mvn -pl model-training exec:java -Dexec.args="promote --model FILE --to DIR --trust FILE"

            Publishes a signed model into a stage's model directory, after checking its signature
            against that stage's trusted approvers. Refuses, and writes nothing, if it does not verify.

            Options:
              --model FILE   the signed model file (.json, with FILE.sig beside it) or model JAR (.jar)
              --to DIR       the stage's model directory, the one its app watches (salary.model)
              --trust FILE   the stage's trusted approvers: the PEM file or truststore its app is given
                             (salary.trust); a truststore's password comes from %s
            """.formatted(TRUST_PASSWORD_VARIABLE);

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> environment;
    private final Clock clock;

    PromoteCommand(PrintStream out, PrintStream err, Map<String, String> environment, Clock clock) {
        this.out = out;
        this.err = err;
        this.environment = environment;
        this.clock = clock;
    }

    record Options(Path model, Path to, Path trust) {
    }

    int run(List<String> args) {
        return SubcommandArgs.run(args, PromoteCommand::parse, USAGE, out, err, this::promote, "Nothing was promoted.");
    }

    static Options parse(List<String> args) {
        Map<String, String> values = SubcommandArgs.parse(args, List.of("model", "to", "trust"), List.of());
        if (values == null) {
            return null;
        }
        return new Options(Path.of(values.get("model")), Path.of(values.get("to")), Path.of(values.get("trust")));
    }

    private void promote(Options options) throws PromoteException {
        if (!Files.isDirectory(options.to())) {
            throw new PromoteException(options.to() + ": no such directory; name the stage's model directory");
        }
        TrustedApprovers trust;
        try {
            String password = environment.get(TRUST_PASSWORD_VARIABLE);
            trust = TrustedApprovers.load(options.trust(), password == null ? null : password.toCharArray());
        } catch (TrustLoadException e) {
            throw new PromoteException(e.getMessage());
        }
        String name = options.model().getFileName().toString();
        byte[] bytes = read(options.model(), ModelJar.MAX_JAR_BYTES);
        Path target = options.to().resolve(name);
        Path hidden = options.to().resolve("." + name + ".promoting");
        try {
            Approval approval;
            ModelMetadata meta;
            byte[] signature = null;
            if (bytes.length >= 2 && bytes[0] == 'P' && bytes[1] == 'K') {
                // Checked where it will be served from, as the very bytes that will be renamed into place.
                Files.write(hidden, bytes);
                LoadedModel loaded = ModelLoader.loadWithSignature(hidden);
                approval = loaded.approval(trust, clock.instant());
                meta = loaded.predictor().metadata();
            } else {
                Path signatureFile = options.model().resolveSibling(name + ModelSignature.SUFFIX);
                signature = Files.isRegularFile(signatureFile) ? read(signatureFile, ModelSignature.MAX_BYTES + 1) : null;
                meta = ModelFormat.read(bytes, options.model().toString()).metadata();
                approval = ModelSignature.verify(ModelJar.sha256(bytes), name, signature, signatureFile.toString(),
                        trust, clock.instant());
            }
            if (Files.exists(target)) {
                if (Arrays.equals(read(target, ModelJar.MAX_JAR_BYTES), bytes)) {
                    out.println(target + " is already there, the same bytes (SHA-256 " + approval.modelSha256() + ")");
                    return;
                }
                throw new PromoteException(target + ": another file of that name is already there; a version is"
                        + " promoted once, and a new model gets a new version");
            }
            if (signature != null) {
                rename(Files.write(options.to().resolve("." + name + ".sig.promoting"), signature),
                        options.to().resolve(name + ModelSignature.SUFFIX));
            }
            if (!Files.exists(hidden)) {
                Files.write(hidden, bytes);
            }
            rename(hidden, target);
            out.println("Promoted " + meta.name() + " " + meta.version() + " into " + target);
            out.println("  SHA-256 " + approval.modelSha256());
            out.println("  approved by " + approval.signer() + " (key " + approval.keyFingerprint() + ") at "
                    + approval.signedAt());
        } catch (ApprovalException e) {
            throw new PromoteException("refused (" + e.reason().label() + "): " + e.getMessage());
        } catch (ModelLoadException e) {
            throw new PromoteException(e.getMessage());
        } catch (IOException e) {
            throw new PromoteException("cannot write into " + options.to() + ": " + e.getMessage());
        } finally {
            try {
                Files.deleteIfExists(hidden);
            } catch (IOException e) {
                err.println("warning: cannot remove " + hidden + ": " + e.getMessage());
            }
        }
    }

    private static byte[] read(Path path, long maxBytes) throws PromoteException {
        try {
            if (Files.size(path) > maxBytes) {
                throw new PromoteException(path + ": is larger than " + maxBytes + " bytes; refused");
            }
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new PromoteException(path + ": no such file");
        } catch (IOException e) {
            throw new PromoteException(path + ": cannot be read: " + e.getMessage());
        }
    }

    private static void rename(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    /** Why nothing was promoted. */
    static final class PromoteException extends SubcommandArgs.Failure {
        private static final long serialVersionUID = 1L;

        PromoteException(String message) {
            super(message);
        }
    }
}
