package com.salaryml.web.access;

import com.salaryml.web.config.AppConfig;
import com.salaryml.web.config.AppContext;
import com.salaryml.web.http.Problem;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.security.Principal;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Lets a request through only from a caller the container authenticated and gave the filter's role (init-param
 * {@code role}), wherever {@link CallerRole#required} says the role is needed. Checking the password, the
 * certificate and the role is the container's own security: web.xml's {@code login-config} names the method
 * (BASIC) and the realm ({@code salary}), and the operator fills the realm. The app never sees a password.
 *
 * <p>It is a filter rather than a {@code security-constraint} because a constraint cannot depend on the stage:
 * development stays open. It runs before the served-model filter, so a caller without the role learns nothing,
 * not even whether a model is served.
 */
public final class CallerRoleFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger(CallerRoleFilter.class.getName());

    /** The principal name a request was let through as, for the parts that count by caller. */
    public static final String CALLER = CallerRoleFilter.class.getName() + ".caller";

    /** The name counted for a caller that needed no role: everyone in development, say. */
    public static final String ANONYMOUS = "anonymous";

    private transient CallerRole role;
    private transient AppConfig config;
    private final AtomicBoolean toldNoMechanism = new AtomicBoolean();

    @Override
    public void init() throws ServletException {
        try {
            role = CallerRole.of(getInitParameter("role"));
        } catch (IllegalArgumentException e) {
            throw new ServletException("filter " + getFilterName() + ": init-param role: " + e.getMessage());
        }
        config = AppContext.get(getServletContext(), AppConfig.class);
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!role.required(config)) {
            request.setAttribute(CALLER, ANONYMOUS);
            chain.doFilter(request, response);
            return;
        }
        // A browser's CORS preflight carries no credentials by design; the CORS filter before this one answers it.
        if (!request.authenticate(response)) {
            // The container answered already: 401 with its challenge, or its realm refused the credentials.
            return;
        }
        Principal caller = request.getUserPrincipal();
        if (caller == null) {
            // authenticate() passed, yet nobody is logged in: the container has no login method for this app.
            if (toldNoMechanism.compareAndSet(false, true)) {
                LOG.log(Level.WARNING, "{0} {1} needs a caller in the role {2}, but the container authenticated"
                        + " nobody: it has no login method for this app. Configure the realm as docs/security.md"
                        + " says; until then every such request is refused", request.getMethod(),
                        request.getServletPath(), role.id());
            }
            refuse(response, "This needs a caller the server knows, in the role " + role.id()
                    + ", and the server is not set up to check callers; its operator must configure the realm.");
            return;
        }
        if (!request.isUserInRole(role.id())) {
            refuse(response, "This needs the role " + role.id() + ", which the caller you logged in as does not"
                    + " have; ask the operator to grant it in the server's realm.");
            return;
        }
        request.setAttribute(CALLER, caller.getName());
        chain.doFilter(request, response);
    }

    private static void refuse(HttpServletResponse response, String detail) throws IOException {
        Problem.of(403, detail).send(response);
    }

    /** Who a request came from, as this filter let it through; {@link #ANONYMOUS} when no role was needed. */
    public static String caller(HttpServletRequest request) {
        return request.getAttribute(CALLER) instanceof String name ? name : ANONYMOUS;
    }
}
