package com.salaryml.artifact.signing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.salaryml.artifact.signing.ApprovalException.Reason;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.Iterator;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A model file's signature: the approver's statement that they reviewed these exact bytes, signed with their
 * private key, with their certificate beside it. It travels beside the model file as
 * {@code salary-model-1.1.0.json.sig}, and inside the model JAR as {@code salaryml/model.json.sig}.
 *
 * <p>The file is a DSSE envelope (the signature envelope of in-toto and Sigstore) whose payload is an in-toto
 * Statement v1: its subject is the model file's name and SHA-256, and its predicate names the approver and
 * the signing time. The signature covers the DSSE pre-authentication encoding of the payload, so the digest,
 * the name and the time can none of them be changed without breaking it. Only {@code java.security} signs and
 * verifies: Ed25519, ECDSA with SHA-256, or RSA with SHA-256, following the key.
 *
 * <pre>
 * {"payloadType": "application/vnd.in-toto+json",
 *  "payload": "(base64 of the statement)",
 *  "signatures": [{"keyid": "sha256:(key fingerprint)", "sig": "(base64)", "certificate": "(base64 DER)"}]}
 * </pre>
 */
public final class ModelSignature {

    /** What a model file's signature file adds to its name: {@code salary-model-1.1.0.json.sig}. */
    public static final String SUFFIX = ".sig";

    /** Signature files larger than this are refused: a real one is about 2 KB. */
    public static final int MAX_BYTES = 64 * 1024;

    static final String PAYLOAD_TYPE = "application/vnd.in-toto+json";
    static final String STATEMENT_TYPE = "https://in-toto.io/Statement/v1";
    static final String PREDICATE_TYPE = "urn:salaryml:model-approval:v1";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private ModelSignature() {
    }

    /**
     * Signs a model file's bytes.
     *
     * @param modelFile   the model file's exact bytes
     * @param fileName    its name, e.g. {@code salary-model-1.1.0.json}, recorded as the statement's subject
     * @param key         the approver's private key: Ed25519, EC or RSA
     * @param certificate the approver's certificate for that key
     * @param signedAt    the signing time, recorded to the second
     * @return the signature file's bytes
     * @throws GeneralSecurityException if the key cannot sign, or does not belong to the certificate
     */
    public static byte[] sign(byte[] modelFile, String fileName, PrivateKey key, X509Certificate certificate,
                              Instant signedAt) throws GeneralSecurityException {
        Objects.requireNonNull(fileName, "fileName");
        ObjectNode statement = JSON.createObjectNode();
        statement.put("_type", STATEMENT_TYPE);
        ObjectNode subject = statement.putArray("subject").addObject();
        subject.put("name", fileName);
        subject.putObject("digest").put("sha256", Digests.sha256(modelFile));
        statement.put("predicateType", PREDICATE_TYPE);
        ObjectNode predicate = statement.putObject("predicate");
        predicate.put("signer", certificate.getSubjectX500Principal().getName());
        predicate.put("key_fingerprint", TrustedApprovers.fingerprint(certificate.getPublicKey()));
        predicate.put("signed_at", signedAt.truncatedTo(ChronoUnit.SECONDS).toString());
        byte[] payload;
        try {
            payload = JSON.writeValueAsBytes(statement);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("writing a tree to bytes cannot fail", e);
        }

        Signature signer = Signature.getInstance(algorithm(key.getAlgorithm()));
        signer.initSign(key);
        signer.update(preAuthenticationEncoding(payload));
        byte[] sig = signer.sign();
        // Sign, then check with the certificate: a key and certificate that do not belong together would
        // otherwise make a signature file that every server refuses.
        Signature check = Signature.getInstance(algorithm(certificate.getPublicKey().getAlgorithm()));
        check.initVerify(certificate.getPublicKey());
        check.update(preAuthenticationEncoding(payload));
        if (!check.verify(sig)) {
            throw new GeneralSecurityException("the private key does not belong to the certificate "
                    + certificate.getSubjectX500Principal().getName());
        }

        ObjectNode envelope = JSON.createObjectNode();
        envelope.put("payloadType", PAYLOAD_TYPE);
        envelope.put("payload", Base64.getEncoder().encodeToString(payload));
        ObjectNode entry = envelope.putArray("signatures").addObject();
        entry.put("keyid", TrustedApprovers.fingerprint(certificate.getPublicKey()));
        entry.put("sig", Base64.getEncoder().encodeToString(sig));
        entry.put("certificate", Base64.getEncoder().encodeToString(certificate.getEncoded()));
        try {
            return (JSON.writerWithDefaultPrettyPrinter().writeValueAsString(envelope) + "\n")
                    .getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("writing a tree to text cannot fail", e);
        }
    }

    /**
     * Checks that {@code signature} approves exactly {@code modelFile}: it is well formed, its signature verifies
     * with the certificate it carries, it was made over these bytes, that certificate is trusted and fit to sign
     * ({@link SigningCertificates}), and it is valid both now and at the signing time.
     *
     * @param modelSha256     the SHA-256 of the model file's exact bytes, 64 lower-case hex digits
     * @param fileName        the model file's name, to tell a signature of another model from a modified file
     * @param signature       the signature file's bytes, or null if there is none
     * @param signatureSource where the signature came from, for messages
     * @param trust           the trusted approvers
     * @param now             the time to check the certificate's validity at
     * @return who approved the model, and when
     * @throws ApprovalException saying why the model is not approved
     */
    public static Approval verify(String modelSha256, String fileName, byte[] signature, String signatureSource,
                                  TrustedApprovers trust, Instant now) throws ApprovalException {
        if (signature == null) {
            throw new ApprovalException(signatureSource, Reason.UNSIGNED, "not found: the model is not signed;"
                    + " the approver signs it with the training module's sign command");
        }
        Envelope envelope = parse(signature, signatureSource);
        X509Certificate certificate = envelope.certificate();
        PublicKey key = certificate.getPublicKey();
        try {
            Signature check = Signature.getInstance(algorithm(key.getAlgorithm()));
            check.initVerify(key);
            check.update(preAuthenticationEncoding(envelope.payload()));
            if (!check.verify(envelope.sig())) {
                throw new ApprovalException(signatureSource, Reason.BAD_SIGNATURE, "the signature does not verify"
                        + " with the certificate it carries (" + certificate.getSubjectX500Principal().getName()
                        + "): the statement was altered or the signature forged");
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new ApprovalException(signatureSource, Reason.BAD_SIGNATURE, "the signature cannot be checked"
                    + " with the certificate it carries: " + e.getMessage());
        }
        String fingerprint = TrustedApprovers.fingerprint(key);
        if (!fingerprint.equals(envelope.keyFingerprint()) || !fingerprint.equals(envelope.keyId())
                || !certificate.getSubjectX500Principal().getName().equals(envelope.signer())) {
            throw new ApprovalException(signatureSource, Reason.BAD_SIGNATURE, "the statement names the signer "
                    + envelope.signer() + " with key " + envelope.keyFingerprint() + ", but the certificate is "
                    + certificate.getSubjectX500Principal().getName() + " with key " + fingerprint);
        }

        String actual = modelSha256;
        if (!actual.equals(envelope.sha256())) {
            if (!envelope.subject().equals(fileName)) {
                throw new ApprovalException(signatureSource, Reason.SIGNATURE_OF_ANOTHER_MODEL, "it signs "
                        + envelope.subject() + " (SHA-256 " + envelope.sha256() + "), not " + fileName
                        + " (SHA-256 " + actual + ")");
            }
            throw new ApprovalException(signatureSource, Reason.MODIFIED, fileName + " has SHA-256 " + actual
                    + " but was signed with SHA-256 " + envelope.sha256() + ": it changed after it was signed");
        }

        X509Certificate anchor = trust.anchorFor(certificate).orElseThrow(() -> new ApprovalException(
                signatureSource, Reason.UNTRUSTED_SIGNER, "signed by " + certificate.getSubjectX500Principal()
                .getName() + " (key " + fingerprint + "), who is not a trusted approver here"));
        var unfit = SigningCertificates.check(certificate, anchor.equals(certificate) ? null : anchor);
        if (unfit.isPresent()) {
            throw new ApprovalException(signatureSource, unfit.get().reason(), unfit.get().problem());
        }
        for (X509Certificate checked : anchor.equals(certificate) ? new X509Certificate[] {certificate}
                : new X509Certificate[] {certificate, anchor}) {
            for (Instant at : new Instant[] {now, envelope.signedAt()}) {
                try {
                    checked.checkValidity(Date.from(at));
                } catch (CertificateExpiredException | CertificateNotYetValidException e) {
                    throw new ApprovalException(signatureSource, Reason.CERTIFICATE_NOT_VALID, "the certificate of "
                            + checked.getSubjectX500Principal().getName() + " is valid from "
                            + checked.getNotBefore().toInstant() + " to " + checked.getNotAfter().toInstant()
                            + ", not at " + (at == now ? "this time, " : "the signing time, ") + at);
                }
            }
        }
        return new Approval(certificate.getSubjectX500Principal().getName(), fingerprint, envelope.signedAt(),
                envelope.subject(), envelope.sha256());
    }

    /** The signing algorithm for a key: the one the key's kind has, with SHA-256 where it needs a digest. */
    static String algorithm(String keyAlgorithm) throws GeneralSecurityException {
        return switch (keyAlgorithm) {
            case "Ed25519", "EdDSA" -> "Ed25519";
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> throw new GeneralSecurityException("keys of kind " + keyAlgorithm + " are not supported;"
                    + " use Ed25519, EC (P-256) or RSA");
        };
    }

    /** DSSE's PAE: {@code "DSSEv1" SP len(type) SP type SP len(body) SP body}, lengths in ASCII decimal. */
    static byte[] preAuthenticationEncoding(byte[] payload) {
        byte[] type = PAYLOAD_TYPE.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("DSSEv1 " + type.length + " " + PAYLOAD_TYPE + " " + payload.length + " ")
                .getBytes(StandardCharsets.UTF_8);
        byte[] all = java.util.Arrays.copyOf(head, head.length + payload.length);
        System.arraycopy(payload, 0, all, head.length, payload.length);
        return all;
    }

    /** What a well-formed signature file says. */
    private record Envelope(byte[] payload, String keyId, byte[] sig, X509Certificate certificate, String subject,
                            String sha256, String signer, String keyFingerprint, Instant signedAt) {
    }

    private static Envelope parse(byte[] bytes, String source) throws ApprovalException {
        if (bytes.length > MAX_BYTES) {
            throw malformed(source, "is larger than " + MAX_BYTES + " bytes; a signature file is about 2 KB");
        }
        JsonNode root = tree(bytes, source, "");
        only(root, source, "", "payloadType", "payload", "signatures");
        if (!PAYLOAD_TYPE.equals(text(root, source, "payloadType"))) {
            throw malformed(source, "field 'payloadType' must be \"" + PAYLOAD_TYPE + "\"");
        }
        byte[] payload = base64(root, source, "payload");
        JsonNode signatures = root.get("signatures");
        if (signatures == null || !signatures.isArray() || signatures.size() != 1) {
            throw malformed(source, "field 'signatures' must be an array of one signature");
        }
        JsonNode entry = signatures.get(0);
        only(entry, source, "signatures[0].", "keyid", "sig", "certificate");
        String keyId = text(entry, source, "signatures[0].keyid");
        byte[] sig = base64(entry, source, "signatures[0].sig");
        byte[] der = base64(entry, source, "signatures[0].certificate");
        X509Certificate certificate;
        try {
            certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw malformed(source, "field 'signatures[0].certificate' is not an X.509 certificate: " + e.getMessage());
        }

        JsonNode statement = tree(payload, source, "the payload ");
        only(statement, source, "payload.", "_type", "subject", "predicateType", "predicate");
        if (!STATEMENT_TYPE.equals(text(statement, source, "payload._type"))
                || !PREDICATE_TYPE.equals(text(statement, source, "payload.predicateType"))) {
            throw malformed(source, "the payload is not a model approval: '_type' must be \"" + STATEMENT_TYPE
                    + "\" and 'predicateType' \"" + PREDICATE_TYPE + "\"");
        }
        JsonNode subjects = statement.get("subject");
        if (subjects == null || !subjects.isArray() || subjects.size() != 1) {
            throw malformed(source, "field 'payload.subject' must be an array of one model file");
        }
        JsonNode subject = subjects.get(0);
        only(subject, source, "payload.subject[0].", "name", "digest");
        String name = text(subject, source, "payload.subject[0].name");
        JsonNode digest = subject.get("digest");
        if (digest == null || !digest.isObject()) {
            throw malformed(source, "field 'payload.subject[0].digest' must be an object");
        }
        only(digest, source, "payload.subject[0].digest.", "sha256");
        String sha256 = text(digest, source, "payload.subject[0].digest.sha256");
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw malformed(source, "field 'payload.subject[0].digest.sha256' must be 64 lower-case hex digits");
        }
        JsonNode predicate = statement.get("predicate");
        if (predicate == null || !predicate.isObject()) {
            throw malformed(source, "field 'payload.predicate' must be an object");
        }
        only(predicate, source, "payload.predicate.", "signer", "key_fingerprint", "signed_at");
        String signer = text(predicate, source, "payload.predicate.signer");
        String keyFingerprint = text(predicate, source, "payload.predicate.key_fingerprint");
        Instant signedAt;
        try {
            signedAt = Instant.parse(text(predicate, source, "payload.predicate.signed_at"));
        } catch (DateTimeParseException e) {
            throw malformed(source, "field 'payload.predicate.signed_at' must be a UTC time such as"
                    + " 2026-11-29T10:15:30Z");
        }
        return new Envelope(payload, keyId, sig, certificate, name, sha256, signer, keyFingerprint, signedAt);
    }

    private static JsonNode tree(byte[] bytes, String source, String what) throws ApprovalException {
        if (bytes.length == 0) {
            throw malformed(source, what + "is empty");
        }
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw malformed(source, what + "is not a JSON object; a signature file is a DSSE envelope");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw malformed(source, what + "is not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw malformed(source, what + "cannot be read: " + e.getMessage());
        }
    }

    private static void only(JsonNode node, String source, String path, String... fields)
            throws ApprovalException {
        Set<String> allowed = Set.of(fields);
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw malformed(source, "unknown field '" + path + name + "'; the fields here are "
                        + String.join(", ", new TreeSet<>(allowed)));
            }
        }
    }

    private static String text(JsonNode node, String source, String path) throws ApprovalException {
        JsonNode value = node.get(path.substring(path.lastIndexOf('.') + 1));
        if (value == null || !value.isTextual() || value.textValue().isEmpty()) {
            throw malformed(source, "field '" + path + "' must be a non-empty string");
        }
        return value.textValue();
    }

    private static byte[] base64(JsonNode node, String source, String path) throws ApprovalException {
        try {
            return Base64.getDecoder().decode(text(node, source, path));
        } catch (IllegalArgumentException e) {
            throw malformed(source, "field '" + path + "' is not base64: " + e.getMessage());
        }
    }

    private static ApprovalException malformed(String source, String problem) {
        return new ApprovalException(source, Reason.MALFORMED_SIGNATURE, problem);
    }
}
