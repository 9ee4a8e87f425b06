package dev.janus.web.security;

import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Who is calling: the principal of the API key the request presented or, when no key is configured and Janus
 * serves loopback only, the local principal (named {@code janus.security.local-user}, a user and an admin). Put on
 * every authenticated request by {@link ApiKeyAuthenticationFilter}.
 *
 * @param name the principal's name: it owns the streams it opens, and it is the user its messages are from
 * @param roles what it may do
 */
public record JanusPrincipal(String name, Set<Role> roles) {

    private static final char PARTICIPANT_SEPARATOR = '~';

    public JanusPrincipal {
        if (name.indexOf(PARTICIPANT_SEPARATOR) >= 0) {
            // the separator keeps the users a principal speaks for apart from every other principal's
            throw new IllegalArgumentException("a principal's name must not contain '" + PARTICIPANT_SEPARATOR
                    + "', but was '" + name + "'");
        }
        roles = Set.copyOf(roles);
    }

    /** The loopback caller when no key is configured: one person's Janus, so a user and an admin. */
    public static JanusPrincipal local(String name) {
        return new JanusPrincipal(name, Set.of(Role.USER, Role.ADMIN));
    }

    /**
     * The authenticated principal of {@code request}.
     *
     * @throws UnauthenticatedException when the request has none: a handler never serves it as anyone
     */
    public static JanusPrincipal of(HttpServletRequest request) {
        JanusPrincipal principal = current();
        if (principal == null && request.getUserPrincipal() instanceof JanusAuthentication authentication) {
            principal = authentication.principal();
        }
        if (principal == null) {
            throw new UnauthenticatedException();
        }
        return principal;
    }

    /** The principal authenticated on this thread's request, if any. */
    public static @Nullable JanusPrincipal current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication instanceof JanusAuthentication janus ? janus.principal() : null;
    }

    public boolean isAdmin() {
        return roles.contains(Role.ADMIN);
    }

    /**
     * Whether it may act on something owned by {@code owner}: its own (including the users it speaks for, see
     * {@link #participantUser}), or anything when it is an admin.
     */
    public boolean mayAccess(@Nullable String owner) {
        return isAdmin() || name.equals(owner) || owner != null && owner.startsWith(name + PARTICIPANT_SEPARATOR);
    }

    /**
     * The user id of {@code participant}, a declared participant of a meeting or call owned by principal
     * {@code owner}, when the owner speaks for it (one device, several voices): {@code <owner>~<participant>}, in the
     * owner's own namespace. A principal's name never contains {@code ~}, so this is never another principal's user:
     * naming {@code alice} as a participant never reads or writes alice's memory.
     */
    public static String participantUser(String owner, String participant) {
        return owner + PARTICIPANT_SEPARATOR + participant;
    }
}
