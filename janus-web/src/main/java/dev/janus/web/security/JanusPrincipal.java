package dev.janus.web.security;

import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Who is calling: the principal of the API key the request presented, or {@link #LOCAL} when no key is
 * configured and Janus serves loopback only. Put on every {@code /api/**} and {@code /ws/**} request by
 * {@link ApiKeyFilter}.
 *
 * @param name the principal's name, which owns the streams it opens
 * @param roles what it may do
 */
public record JanusPrincipal(String name, Set<Role> roles) {

    /** The request attribute that holds it. */
    public static final String ATTRIBUTE = JanusPrincipal.class.getName();

    /** Everyone on loopback when no API key is configured: a user and an admin. */
    public static final JanusPrincipal LOCAL = new JanusPrincipal("local", Set.of(Role.USER, Role.ADMIN));

    public JanusPrincipal {
        roles = Set.copyOf(roles);
    }

    /** The principal of {@code request}; {@link #LOCAL} for a request the filter did not see (tests, loopback). */
    public static JanusPrincipal of(HttpServletRequest request) {
        Object principal = request.getAttribute(ATTRIBUTE);
        return principal instanceof JanusPrincipal known ? known : LOCAL;
    }

    public boolean isAdmin() {
        return roles.contains(Role.ADMIN);
    }

    /** Whether it may act on something owned by {@code owner}: its own, or anything when it is an admin. */
    public boolean mayAccess(String owner) {
        return isAdmin() || name.equals(owner);
    }
}
