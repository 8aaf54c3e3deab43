package com.salaryml.training;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.salaryml.artifact.format.ModelJar;
import com.salaryml.artifact.Approvers;
import com.salaryml.artifact.Approvers.Approver;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One signed model promoted through the stages' model directories; unsigned or untrusted ones go nowhere. */
class PromoteCommandTest {

    @TempDir
    static Path keys;

    @TempDir
    Path dir;

    private static Path alice;
    private static Path mallory;
    private static Path trust;

    @BeforeAll
    static void makeKeys() {
        Approver aliceKey = Approvers.ed25519(keys, "alice", "Alice Example");
        alice = aliceKey.keystore();
        mallory = Approvers.ed25519(keys, "mallory", "Mallory Example").keystore();
        trust = Approvers.pem(keys.resolve("approvers.pem"), aliceKey);
    }

    @Test
    void theSameSignedBytesGoThroughEveryStage() throws Exception {
        Path json = trainAndSign("1.1.0", alice);
        String sha256 = ModelJar.sha256(Files.readAllBytes(json));

        for (String stage : List.of("development", "testing", "staging", "production")) {
            Path stageDir = Files.createDirectories(dir.resolve(stage));
            Run run = promote("--model", json.toString(), "--to", stageDir.toString(), "--trust", trust.toString());

            assertThat(run.status()).as(run.err()).isZero();
            assertThat(run.out()).contains("Promoted salary 1.1.0 into " + stageDir.resolve(json.getFileName()))
                    .contains("SHA-256 " + sha256).contains("approved by CN=Alice Example");
            assertThat(files(stageDir)).containsExactly("salary-model-1.1.0.json", "salary-model-1.1.0.json.sig");
            assertThat(Files.readAllBytes(stageDir.resolve("salary-model-1.1.0.json")))
                    .isEqualTo(Files.readAllBytes(json));
        }
        Run again = promote("--model", json.toString(), "--to", dir.resolve("production").toString(), "--trust",
                trust.toString());
        assertThat(again.status()).isZero();
        assertThat(again.out()).contains("is already there, the same bytes");
    }

    @Test
    void aSignedModelJarIsPromotedWhole() throws Exception {
        trainAndSign("1.2.0", alice);
        Path jar = dir.resolve("salary-model-1.2.0.jar");
        Path production = Files.createDirectories(dir.resolve("production"));

        Run run = promote("--model", jar.toString(), "--to", production.toString(), "--trust", trust.toString());

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(files(production)).containsExactly("salary-model-1.2.0.jar");
        assertThat(Files.readAllBytes(production.resolve("salary-model-1.2.0.jar"))).isEqualTo(Files.readAllBytes(jar));
    }

    @Test
    void productionRefusesAnUnsignedModelAndWritesNothing() throws Exception {
        Path json = train("1.3.0");
        Path production = Files.createDirectories(dir.resolve("production"));

        assertRefused(promote("--model", json.toString(), "--to", production.toString(), "--trust", trust.toString()),
                "refused (unsigned)", json + ".sig: not found");
        assertRefused(promote("--model", dir.resolve("salary-model-1.3.0.jar").toString(), "--to",
                production.toString(), "--trust", trust.toString()), "refused (unsigned)");
        assertThat(files(production)).isEmpty();
    }

    @Test
    void productionRefusesAnUntrustedSignerAndAChangedFile() throws Exception {
        Path byMallory = trainAndSign("1.4.0", mallory);
        Path changed = trainAndSign("1.5.0", alice);
        Files.writeString(changed, Files.readString(changed).replace("\"version\": \"1.5.0\"", "\"version\": \"1.5.1\""));
        Path production = Files.createDirectories(dir.resolve("production"));

        assertRefused(promote("--model", byMallory.toString(), "--to", production.toString(), "--trust",
                trust.toString()), "refused (untrusted_signer)", "CN=Mallory Example");
        assertRefused(promote("--model", changed.toString(), "--to", production.toString(), "--trust",
                trust.toString()), "refused (modified)", "changed after it was signed");
        assertThat(files(production)).isEmpty();
    }

    @Test
    void anotherFileOfTheSameNameIsNeverReplaced() throws Exception {
        Path json = trainAndSign("1.6.0", alice);
        Path production = Files.createDirectories(dir.resolve("production"));
        Files.writeString(production.resolve(json.getFileName()), "{}");

        assertRefused(promote("--model", json.toString(), "--to", production.toString(), "--trust", trust.toString()),
                "another file of that name is already there");
        assertThat(Files.readString(production.resolve(json.getFileName()))).isEqualTo("{}");
        assertRefused(promote("--model", json.toString(), "--to", dir.resolve("nowhere").toString(), "--trust",
                trust.toString()), "nowhere: no such directory");
    }

    private static void assertRefused(Run run, String... expected) {
        assertThat(run.status()).as(run.out()).isEqualTo(TrainCommand.FAILED);
        for (String part : expected) {
            assertThat(run.err()).contains(part);
        }
        assertThat(run.err()).contains("Nothing was promoted.");
    }

    private static List<String> files(Path directory) throws Exception {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }

    private Path train(String version) {
        return Run.trained(dir, version);
    }

    private Path trainAndSign(String version, Path keystore) {
        Path json = train(version);
        var out = new ByteArrayOutputStream();
        String alias = keystore.getFileName().toString().replace(".p12", "");
        int status = new SignCommand(new PrintStream(out, true, UTF_8), new PrintStream(out, true, UTF_8),
                Map.of(SignCommand.PASSWORD_VARIABLE, Approvers.PASSWORD), null, Clock.systemUTC())
                .run(List.of("--model", json.toString(), "--keystore", keystore.toString(), "--alias", alias));
        assertThat(status).as(out.toString(UTF_8)).isZero();
        return json;
    }

    private static Run promote(String... args) {
        return Run.of((out, err) -> new PromoteCommand(out, err, Map.of(), Clock.systemUTC())
                .run(new ArrayList<>(List.of(args))));
    }
}
