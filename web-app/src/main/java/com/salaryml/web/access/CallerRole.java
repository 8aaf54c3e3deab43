package com.salaryml.web.access;

import com.salaryml.web.config.AppConfig;
import com.salaryml.web.config.Stage;
import java.lang.System.Logger.Level;

/**
 * The roles web.xml declares, each guarding endpoints outside development. Callers are given roles in the
 * container's realm (Tomcat's {@code tomcat-users.xml}, a JDBC or LDAP realm, Jetty's {@code HashLoginService}),
 * never by the app: docs/security.md says how.
 */
public enum CallerRole {

    /** May report outcomes: {@code POST /api/v1/outcomes}. Required everywhere but development. */
    OUTCOMES("salary-outcomes"),

    /**
     * May read the live figures: {@code GET /api/v1/monitoring}. Required outside development once
     * {@code salary.monitoring.restricted} is true; open by default, like {@code /metrics}, for dashboards.
     */
    MONITORING("salary-monitoring");

    private static final System.Logger LOG = System.getLogger(CallerRole.class.getName());

    private final String id;

    CallerRole(String id) {
        this.id = id;
    }

    /** The role's name in web.xml and in the container's realm. */
    public String id() {
        return id;
    }

    /** Whether a caller needs this role under {@code config}. */
    public boolean required(AppConfig config) {
        if (config.stage() == Stage.DEVELOPMENT) {
            return false;
        }
        return this == OUTCOMES || config.monitoringRestricted();
    }

    /**
     * Says at start who may report outcomes and read the live figures, and how callers are given a role, so an
     * operator reads it before the first refusal.
     */
    public static void logAtStart(AppConfig config) {
        if (config.stage() == Stage.DEVELOPMENT) {
            LOG.log(Level.WARNING, "Development: anyone who reaches the app may report outcomes"
                    + " (POST /api/v1/outcomes) and read /api/v1/monitoring; in every other stage outcomes need a"
                    + " caller in the role {0}", OUTCOMES.id());
            return;
        }
        LOG.log(Level.INFO, "POST /api/v1/outcomes needs a caller in the role {0}{1}. The container checks callers"
                + " against its realm named \"salary\" (BASIC, over TLS): Tomcat's tomcat-users.xml or a JDBC or"
                + " LDAP realm, Jetty's HashLoginService; without one every such request is refused."
                + " docs/security.md says how to configure it", OUTCOMES.id(), config.monitoringRestricted()
                ? ", and GET /api/v1/monitoring one in the role " + MONITORING.id()
                : "; GET /api/v1/monitoring is open (" + AppConfig.MONITORING_RESTRICTED + "=false)");
    }

    /** The role named {@code id} in web.xml. */
    public static CallerRole of(String id) {
        for (CallerRole role : values()) {
            if (role.id.equals(id)) {
                return role;
            }
        }
        throw new IllegalArgumentException("no role " + id + "; web.xml may name salary-outcomes or"
                + " salary-monitoring");
    }
}
