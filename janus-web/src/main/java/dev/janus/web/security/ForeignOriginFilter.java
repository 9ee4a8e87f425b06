package dev.janus.web.security;

import static dev.janus.events.Abbreviation.abbreviate;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a state-changing request ({@code POST}, {@code PUT}, {@code PATCH}, {@code DELETE}, anything but
 * {@code GET}, {@code HEAD}, {@code OPTIONS}, {@code TRACE}) that a browser sent from another site: its
 * {@code Origin} (or, when it sends none, the origin of its {@code Referer}) is neither Janus's own origin nor one
 * of {@code janus.security.allowed-origins} (the origins the WebSockets accept, matched the same way). Such a
 * request is 403 {@code foreign_origin} before anything handles it.
 *
 * <p>Why: CSRF protection is off (no cookies), and without keys every loopback caller is the local admin, so a
 * hostile page in the local user's browser could otherwise post to {@code localhost} — a body-less {@code POST} is
 * a "simple" request that browsers send without asking first. Janus's own page sends its own origin; clients that
 * are not browsers send neither header and are not affected.
 *
 * <p>Without keys, the other requests (reads, preflights) are refused the same way when the browser says they come
 * from another origin ({@code Sec-Fetch-Site} other than {@code same-origin} or {@code none}: {@code same-site} is
 * any other port of {@code localhost} too) and no allowed {@code Origin} vouches for them: a hostile page cannot
 * read the answer, but its {@code no-cors} requests would still hold the local user's event-stream slots or run an
 * export. Only following a link to the page itself ({@code Sec-Fetch-Mode: navigate} to {@code /}) passes. With
 * keys, such a request carries no key and is refused anyway.
 */
public final class ForeignOriginFilter extends OncePerRequestFilter {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    private final CorsConfiguration allowed = new CorsConfiguration();
    private final boolean refuseCrossSiteReads;

    /**
     * @param allowedOrigins Spring origin patterns besides the server's own origin, as for the WebSockets
     * @param refuseCrossSiteReads whether reads a browser marks as from another origin are refused too (without
     *        keys)
     */
    public ForeignOriginFilter(List<String> allowedOrigins, boolean refuseCrossSiteReads) {
        allowed.setAllowedOriginPatterns(allowedOrigins);
        this.refuseCrossSiteReads = refuseCrossSiteReads;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (SAFE_METHODS.contains(request.getMethod().toUpperCase(Locale.ROOT))) {
            if (refuseCrossSiteReads && isForeignRead(request, origin)) {
                ApiErrorResponses.write(response, HttpServletResponse.SC_FORBIDDEN, "foreign_origin",
                        "a " + request.getMethod() + " from another web origin is refused: without API keys "
                                + "every caller is the local admin, so only Janus's own page (or an origin in "
                                + "janus.security.allowed-origins) may call it from a browser; open "
                                + "http://localhost:<port>/ instead");
                return;
            }
            chain.doFilter(request, response);
            return;
        }
        String claimed = origin != null ? origin : originOfReferer(request.getHeader(HttpHeaders.REFERER));
        if (claimed == null || isSameOrigin(request, claimed) || allowed.checkOrigin(claimed) != null) {
            chain.doFilter(request, response);
            return;
        }
        ApiErrorResponses.write(response, HttpServletResponse.SC_FORBIDDEN, "foreign_origin",
                "a " + request.getMethod() + " from the web origin '" + abbreviate(claimed, 80) + "' is refused: only "
                        + "Janus's own page (or an origin in janus.security.allowed-origins) may change state from "
                        + "a browser; clients that are not browsers send no Origin or Referer header");
    }

    /**
     * A request the browser marks as coming from another origin that neither an allowed {@code Origin} vouches for
     * nor is a link followed to the page.
     */
    private boolean isForeignRead(HttpServletRequest request, @Nullable String origin) {
        String site = request.getHeader("Sec-Fetch-Site");
        if (site == null || site.equalsIgnoreCase("same-origin") || site.equalsIgnoreCase("none")) {
            return false;
        }
        if (origin != null && (isSameOrigin(request, origin) || allowed.checkOrigin(origin) != null)) {
            return false;
        }
        return !("navigate".equalsIgnoreCase(request.getHeader("Sec-Fetch-Mode"))
                && (request.getContextPath() + "/").equals(request.getRequestURI()));
    }

    /** The {@code scheme://host[:port]} of a {@code Referer}, {@code "null"} for one that names none. */
    static @Nullable String originOfReferer(@Nullable String referer) {
        if (referer == null || referer.isBlank()) {
            return null;
        }
        try {
            URI uri = URI.create(referer.strip());
            if (uri.getScheme() == null || uri.getHost() == null) {
                return "null";
            }
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
        }
        catch (IllegalArgumentException e) {
            return "null";
        }
    }

    /** Whether {@code origin} is the scheme, host and port the request was addressed to (as the WebSockets judge). */
    static boolean isSameOrigin(HttpServletRequest request, String origin) {
        URI uri;
        try {
            uri = URI.create(origin);
        }
        catch (IllegalArgumentException e) {
            return false;
        }
        if (uri.getScheme() == null || uri.getHost() == null) {
            return false;
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        return scheme.equals(request.getScheme().toLowerCase(Locale.ROOT))
                && uri.getHost().equalsIgnoreCase(request.getServerName())
                && port(scheme, uri.getPort()) == port(scheme, request.getServerPort());
    }

    private static int port(String scheme, int port) {
        if (port != -1) {
            return port;
        }
        return "https".equals(scheme) || "wss".equals(scheme) ? 443 : 80;
    }
}
