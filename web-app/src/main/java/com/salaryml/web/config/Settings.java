package com.salaryml.web.config;

import jakarta.servlet.ServletContext;
import java.util.Locale;
import java.util.Optional;

/**
 * Where the app reads its settings. A setting such as {@code salary.model} can be given, in order of
 * precedence, as the system property {@code salary.model}, the environment variable {@code SALARY_MODEL},
 * or the context init-param {@code salary.model}. The first non-blank one wins.
 */
public final class Settings {

    private final ServletContext context;

    public Settings(ServletContext context) {
        this.context = context;
    }

    /** A setting's value and where it came from, for the log. */
    public record Value(String value, String origin) {
    }

    public Optional<Value> get(String name) {
        String property = System.getProperty(name);
        if (property != null && !property.isBlank()) {
            return Optional.of(new Value(property.strip(), "system property " + name));
        }
        String variable = environmentName(name);
        String environment = System.getenv(variable);
        if (environment != null && !environment.isBlank()) {
            return Optional.of(new Value(environment.strip(), "environment variable " + variable));
        }
        String parameter = context.getInitParameter(name);
        if (parameter != null && !parameter.isBlank()) {
            return Optional.of(new Value(parameter.strip(), "context init-param " + name));
        }
        return Optional.empty();
    }

    /** {@code salary.model.version} becomes {@code SALARY_MODEL_VERSION}. */
    static String environmentName(String name) {
        return name.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }
}
