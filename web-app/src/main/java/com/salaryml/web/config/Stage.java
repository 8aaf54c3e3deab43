package com.salaryml.web.config;

import java.util.Locale;
import java.util.Optional;

/**
 * Where an instance of the app runs. Outside production the page says so, and errors may say more. Outside
 * development only models a trusted approver signed are served (the serving package's approval policy).
 */
public enum Stage {
    DEVELOPMENT, TESTING, STAGING, PRODUCTION;

    /** The lower-case name used in settings and responses. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * What every page of the app says at its top outside production, so that no one takes an answer from a
     * staging or test instance for a real one; empty in production.
     */
    public Optional<String> banner() {
        if (this == PRODUCTION) {
            return Optional.empty();
        }
        String name = id();
        return Optional.of(Character.toUpperCase(name.charAt(0)) + name.substring(1)
                + " environment: not for real decisions.");
    }

    /** Whether only approved models may be served: everywhere but development, where people try things out. */
    public boolean requiresApproval() {
        return this != DEVELOPMENT;
    }

    static Stage parse(String text) {
        for (Stage stage : values()) {
            if (stage.id().equals(text.strip().toLowerCase(Locale.ROOT))) {
                return stage;
            }
        }
        throw new IllegalArgumentException("must be one of development, testing, staging or production");
    }
}
