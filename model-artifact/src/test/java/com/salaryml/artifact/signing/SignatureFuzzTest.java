package com.salaryml.artifact.signing;

import static org.assertj.core.api.Assertions.assertThat;

import com.salaryml.artifact.Approvers.Approver;
import com.salaryml.artifact.Approvers;
import com.salaryml.artifact.Seeds.Case;
import com.salaryml.artifact.Seeds;
import com.salaryml.artifact.TestModels;
import com.salaryml.artifact.format.ModelFormat;
import com.salaryml.artifact.format.ModelJar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Damaged signature files, starting from a valid one: truncated at every length, bits flipped, bytes
 * inserted. Whatever the bytes, the answer is the signer's approval or an {@link ApprovalException} with a
 * reason and a message: never another exception. The generated cases come from {@link Seeds}.
 */
@ExtendWith(Seeds.Report.class)
class SignatureFuzzTest {

    private static final String NAME = "salary-model-1.0.0.json";
    private static final String SHA256 = ModelJar.sha256(ModelFormat.write(TestModels.SALARY));
    private static final Path DIR = Fixture.dir();
    private static final Approver ALICE = Approvers.ed25519(DIR, "alice", "Alice Example");
    private static final TrustedApprovers TRUST = Approvers.trust(ALICE);
    private static final Instant SIGNED_AT = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final byte[] SIGNATURE = Fixture.sign();

    /** A temporary folder made before the keys that live in it. */
    private static final class Fixture {
        static Path dir() {
            try {
                return Files.createTempDirectory("signature-fuzz");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        static byte[] sign() {
            try {
                return ModelSignature.sign(ModelFormat.write(TestModels.SALARY), NAME, ALICE.key(), ALICE.certificate(),
                        SIGNED_AT);
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @AfterAll
    static void removeKeys() throws java.io.IOException {
        try (var files = Files.walk(DIR)) {
            files.sorted((a, b) -> b.compareTo(a)).forEach(path -> path.toFile().delete());
        }
    }

    @ParameterizedTest
    @MethodSource("cuts")
    void aTruncatedSignatureIsRefusedAsMalformed(Case<Integer> length) {
        byte[] cut = java.util.Arrays.copyOf(SIGNATURE, length.value());

        var outcome = check(cut);

        assertThat(outcome).as("%d of %d bytes", length.value(), SIGNATURE.length).isInstanceOf(ApprovalException.class);
        assertThat(((ApprovalException) outcome).reason()).isEqualTo(ApprovalException.Reason.MALFORMED_SIGNATURE);
    }

    @ParameterizedTest
    @MethodSource("damage")
    void aDamagedSignatureIsRefusedWithAReasonOrStillNamesItsSigner(Case<Damage> damage) {
        Object outcome = check(damage.value().applyTo(SIGNATURE));

        if (outcome instanceof Approval approval) {
            // Base64 and JSON have slack (a flipped padding bit, an escaped letter); what passes must still say
            // what was signed, by whom, when.
            assertThat(approval.modelSha256()).isEqualTo(SHA256);
            assertThat(approval.signer()).contains("CN=Alice Example");
            assertThat(approval.signedAt()).isEqualTo(SIGNED_AT);
        } else {
            assertThat(outcome).isInstanceOf(ApprovalException.class);
            assertThat(((ApprovalException) outcome).getMessage()).startsWith(NAME + ".sig: ").hasSizeGreaterThan(20);
        }
    }

    static Stream<Case<Integer>> cuts() {
        // Every length up to the last brace: the envelope's JSON is never complete before it.
        int lastBrace = new String(SIGNATURE, java.nio.charset.StandardCharsets.UTF_8).lastIndexOf('}');
        return Seeds.all(IntStream.range(0, lastBrace).filter(i -> i % 7 == 0 || i > lastBrace - 20).boxed().toList());
    }

    static Stream<Case<Damage>> damage() {
        return Seeds.cases(List.of(), 600, random -> Damage.random(random, SIGNATURE.length));
    }

    /** Bits flipped at some positions, or bytes inserted at one. */
    record Damage(int[] positions, int[] bits, int insertAt, byte[] inserted) {

        static Damage random(SplittableRandom random, int length) {
            if (random.nextInt(4) == 0) {
                byte[] bytes = new byte[1 + random.nextInt(4)];
                random.nextBytes(bytes);
                return new Damage(new int[0], new int[0], random.nextInt(length), bytes);
            }
            int flips = 1 + random.nextInt(3);
            int[] positions = new int[flips];
            int[] bits = new int[flips];
            for (int i = 0; i < flips; i++) {
                positions[i] = random.nextInt(length);
                bits[i] = random.nextInt(8);
            }
            return new Damage(positions, bits, -1, new byte[0]);
        }

        byte[] applyTo(byte[] original) {
            byte[] copy = original.clone();
            for (int i = 0; i < positions.length; i++) {
                copy[positions[i]] ^= (byte) (1 << bits[i]);
            }
            if (insertAt < 0) {
                return copy;
            }
            byte[] longer = new byte[copy.length + inserted.length];
            System.arraycopy(copy, 0, longer, 0, insertAt);
            System.arraycopy(inserted, 0, longer, insertAt, inserted.length);
            System.arraycopy(copy, insertAt, longer, insertAt + inserted.length, copy.length - insertAt);
            return longer;
        }

        @Override
        public String toString() {
            return insertAt >= 0 ? inserted.length + " bytes inserted at " + insertAt
                    : "bits flipped at " + java.util.Arrays.toString(positions);
        }
    }

    /** The approval, or the ApprovalException; any other exception fails the test. */
    private static Object check(byte[] signature) {
        try {
            return ModelSignature.verify(SHA256, NAME, signature, NAME + ".sig", TRUST, Instant.now());
        } catch (ApprovalException e) {
            return e;
        }
    }
}
