package com.salaryml.web.serving;

import com.salaryml.web.text.LogText;
import com.salaryml.web.config.AppConfig;
import com.salaryml.web.config.Stage;
import com.salaryml.artifact.signing.ApprovalException;
import com.salaryml.artifact.format.LoadedModel;
import com.salaryml.artifact.signing.TrustedApprovers;
import java.lang.System.Logger.Level;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Which models this app may serve, by the stage it runs in ({@code salary.environment}) and the approvers it
 * trusts ({@code salary.trust}). Testing, staging and production serve only a model whose signature a trusted
 * approver made over its exact bytes, with a certificate valid now and when they signed. Development also serves
 * an unsigned model and says so; with {@code salary.trust} set it still refuses a signature that fails, and without
 * it checks none and says the model is not verified.
 *
 * <p>The check runs on the bytes that are served: {@link com.salaryml.artifact.format.ModelLoader#loadWithSignature}
 * reads the model and its signature once, and this policy judges that reading.
 */
public final class ApprovalPolicy {

    private static final System.Logger LOG = System.getLogger(ApprovalPolicy.class.getName());

    /** How long before an approver's certificate expires the start-up log warns that it will. */
    private static final Duration EXPIRY_WARNING = Duration.ofDays(30);

    /** What an operator outside development does with the packaged model's refusal. */
    private static final String PACKAGED_MODEL_ADVICE = "To try the app, set " + AppConfig.ENVIRONMENT
            + "=development; to serve an approved model, point " + AppConfig.MODEL + " at a signed model and "
            + AppConfig.TRUST + " at the approvers' certificates (docs/operations.md)";

    private final Stage stage;
    private final Optional<AppConfig.Trust> trust;
    private final Clock clock;

    ApprovalPolicy(Stage stage, Optional<AppConfig.Trust> trust, Clock clock) {
        this.stage = Objects.requireNonNull(stage, "stage");
        this.trust = Objects.requireNonNull(trust, "trust");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The policy of the configuration the app was started with, checking certificates against the clock. */
    public static ApprovalPolicy of(AppConfig config) {
        return new ApprovalPolicy(config.stage(), config.trust(), Clock.systemUTC());
    }

    /**
     * How a model read with its signature may be served, or why it may not.
     *
     * @throws ModelRefusedException naming the reason, and what is wrong in the words of the file at fault
     */
    ApprovalStatus check(LoadedModel model) throws ModelRefusedException {
        if (stage.requiresApproval() && trust.isEmpty()) {
            throw new ModelRefusedException(RejectionReason.TRUST_NOT_SET, "the " + stage.id() + " stage serves"
                    + " only models signed by a trusted approver, and " + AppConfig.TRUST + " is not set; set it to"
                    + " a PEM file or truststore of the approvers' certificates");
        }
        if (!stage.requiresApproval()) {
            if (!model.signed()) {
                return new ApprovalStatus.Unsigned(model.sha256());
            }
            if (trust.isEmpty()) {
                return new ApprovalStatus.NotVerified(model.sha256());
            }
        }
        try {
            return new ApprovalStatus.Approved(model.approval(trust.get().approvers(), clock.instant()));
        } catch (ApprovalException e) {
            throw new ModelRefusedException(RejectionReason.of(e.reason()), e.getMessage());
        }
    }

    /**
     * How the model packaged in the WAR may be served: it was built with the WAR and no approver signed it, so
     * in development only.
     *
     * @param sha256 the SHA-256 of its model file
     */
    ApprovalStatus checkPackaged(String sha256) throws ModelRefusedException {
        if (!stage.requiresApproval()) {
            return new ApprovalStatus.Unsigned(sha256);
        }
        throw new ModelRefusedException(trust.isEmpty() ? RejectionReason.TRUST_NOT_SET
                : RejectionReason.of(ApprovalException.Reason.UNSIGNED),
                "it is not signed, and the " + stage.id() + " stage serves only models signed by a trusted"
                        + " approver. " + PACKAGED_MODEL_ADVICE);
    }

    /** Says at start-up which models will be served; outside development without approvers, loudly. */
    public void logAtStart() {
        if (trust.isEmpty()) {
            if (stage.requiresApproval()) {
                LOG.log(Level.ERROR, "The " + stage.id() + " stage serves only models signed by a trusted approver,"
                        + " but " + AppConfig.TRUST + " is not set: every model will be refused. Set "
                        + AppConfig.TRUST + " to a PEM file or truststore of the approvers' certificates, or set "
                        + AppConfig.ENVIRONMENT + "=development to try the app with unsigned models.");
            } else {
                // Development without approvers is how people try the app: say so plainly, without alarm.
                LOG.log(Level.INFO, "The development stage serves unsigned models, and with " + AppConfig.TRUST
                        + " not set it checks no signature: every model is shown as not verified or unsigned.");
            }
            return;
        }
        AppConfig.Trust approvers = trust.get();
        var names = new StringBuilder();
        Instant now = clock.instant();
        for (X509Certificate certificate : approvers.approvers().certificates()) {
            names.append(names.isEmpty() ? "" : "; ").append(certificate.getSubjectX500Principal().getName())
                    .append(" (key ").append(TrustedApprovers.fingerprint(certificate.getPublicKey()))
                    .append(", valid to ").append(certificate.getNotAfter().toInstant()).append(')');
            Instant expiry = certificate.getNotAfter().toInstant();
            if (expiry.isBefore(now.plus(EXPIRY_WARNING))) {
                // Rotation is the operator's to plan: a model signed with an expired certificate is refused.
                LOG.log(Level.WARNING, "The approver certificate of {0} in {1} {2} on {3}; models signed with it"
                        + " are refused from then on. Add the approver''s new certificate and have the models"
                        + " signed again.", LogText.safe(certificate.getSubjectX500Principal().getName()),
                        approvers.setting().value(), expiry.isBefore(now) ? "expired" : "expires", expiry);
            }
        }
        LOG.log(Level.INFO, "{0} the {1} trusted approvers in {2} (from {3}): {4}", stage.requiresApproval()
                        ? "Serving only models signed by one of" : "Serving unsigned models too (development), and"
                        + " signed ones only if signed by one of", approvers.approvers().certificates().size(),
                LogText.safe(approvers.setting().value()), approvers.setting().origin(), LogText.safe(names));
    }
}
