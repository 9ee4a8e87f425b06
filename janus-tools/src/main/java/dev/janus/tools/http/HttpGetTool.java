package dev.janus.tools.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import dev.janus.events.ToolDefinition;
import dev.janus.tools.ToolsProperties;
import dev.janus.tools.registry.ParametersSchema.Property;
import dev.janus.tools.registry.ParametersSchema;
import dev.janus.tools.registry.Tool;
import dev.janus.tools.registry.ToolFailure;
import dev.janus.tools.registry.ToolInvocation;
import dev.janus.tools.registry.ToolRegistry;

import static dev.janus.bus.config.PropertyCheck.readable;

/**
 * The {@code http_get} tool, registered only with {@code janus.tools.http.enabled=true}. It fetches an http or
 * https URL whose host is on {@code janus.tools.http.allowed-hosts}, after resolving the host and checking
 * every address it resolves to with the {@link AddressPolicy} (no loopback, private, link-local ... — no SSRF);
 * it then connects to the address it checked. Redirects are followed only to URLs that pass the same checks,
 * at most {@code max-redirects}; the body is cut at {@code max-bytes} and the whole fetch at {@code timeout}.
 */
public final class HttpGetTool implements Tool {

    public static final String NAME = "http_get";

    private static final ToolDefinition DEFINITION = new ToolDefinition(NAME,
            "Fetches a web page or API response by HTTP GET and returns its text. Only hosts on Janus' allow-list "
                    + "can be reached. Example: {\"url\": \"https://api.example.com/status\"}.",
            ParametersSchema.object()
                    .required("url", Property.string("An http or https URL").maxLength(2_048))
                    .build(),
            true, ToolRegistry.BUILTIN);

    private final ToolsProperties.Http properties;
    private final AddressPolicy addresses;
    private final HostResolver resolver;

    /** Resolves host names; replaceable so tests can resolve a name to a chosen address without DNS. */
    @FunctionalInterface
    public interface HostResolver {

        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    public HttpGetTool(ToolsProperties.Http properties) {
        this(properties, InetAddress::getAllByName);
    }

    public HttpGetTool(ToolsProperties.Http properties, HostResolver resolver) {
        this.properties = properties;
        this.addresses = new AddressPolicy(properties.allowPrivateAddresses());
        this.resolver = resolver;
    }

    @Override
    public ToolDefinition definition() {
        return DEFINITION;
    }

    @Override
    public String execute(ToolInvocation invocation) throws ToolFailure {
        URI uri = parse(invocation.string("url"));
        long deadline = System.nanoTime() + properties.timeout().toNanos();
        for (int redirects = 0;; redirects++) {
            InetAddress address = checkedAddress(uri);
            HttpFetch.Response response;
            try {
                response = HttpFetch.get(uri, address, properties.maxBytes(), deadline);
            }
            catch (SocketTimeoutException e) {
                throw ToolFailure.unavailable(uri.getHost() + " did not answer within " + readable(properties.timeout()));
            }
            catch (IOException e) {
                throw ToolFailure.unavailable("could not fetch " + uri + ": " + e.getMessage(), e);
            }
            int status = response.status();
            if (status >= 300 && status < 400 && response.headers().containsKey("location")) {
                if (redirects == properties.maxRedirects()) {
                    throw ToolFailure.badInput(uri + " redirected more than " + properties.maxRedirects() + " times");
                }
                uri = parse(uri.resolve(response.headers().get("location").strip()).toString());
                continue;
            }
            if (status >= 500) {
                throw ToolFailure.unavailable(uri.getHost() + " answered " + status + " " + response.reason());
            }
            if (status >= 400) {
                throw ToolFailure.badInput(uri + " answered " + status + " " + response.reason());
            }
            return describe(uri, response);
        }
    }

    private URI parse(String url) throws ToolFailure {
        URI uri;
        try {
            uri = new URI(url.strip());
        }
        catch (URISyntaxException e) {
            throw ToolFailure.badInput("'" + url + "' is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw ToolFailure.badInput("only http and https URLs can be fetched, not '" + url + "'");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null) {
            throw ToolFailure.badInput("'" + url + "' must name a host (and no user name or password)");
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (!isAllowed(host)) {
            throw ToolFailure.badInput(properties.allowedHosts().isEmpty()
                    ? "no host may be fetched: janus.tools.http.allowed-hosts is empty"
                    : "the host " + host + " is not on the allow-list (janus.tools.http.allowed-hosts: "
                            + properties.allowedHosts() + ")");
        }
        return uri;
    }

    private boolean isAllowed(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        for (String allowed : properties.allowedHosts()) {
            if (allowed.startsWith("*.") ? bare.endsWith(allowed.substring(1)) : bare.equals(allowed)) {
                return true;
            }
        }
        return false;
    }

    /** Resolves the host; every address must pass the policy, and the first is the one connected to. */
    private InetAddress checkedAddress(URI uri) throws ToolFailure {
        String host = uri.getHost();
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] resolved;
        try {
            resolved = resolver.resolve(bare);
        }
        catch (UnknownHostException e) {
            throw ToolFailure.badInput("the host " + bare + " is unknown");
        }
        if (resolved.length == 0) {
            throw ToolFailure.badInput("the host " + bare + " has no address");
        }
        for (InetAddress address : resolved) {
            String refusal = addresses.refusal(address);
            if (refusal != null) {
                throw ToolFailure.badInput("refused to fetch " + uri + ": " + bare + " resolves to " + refusal
                        + ", which http_get never reaches");
            }
        }
        return resolved[0];
    }

    private static String describe(URI uri, HttpFetch.Response response) {
        String type = response.headers().getOrDefault("content-type", "application/octet-stream");
        String header = "HTTP " + response.status() + " from " + uri + " (" + type + ", " + response.body().length
                + " bytes" + (response.truncated() ? ", cut at the size limit" : "") + ")";
        if (!isText(type)) {
            return header + ": binary content, not shown.";
        }
        return header + ":\n" + new String(response.body(), charset(type));
    }

    private static boolean isText(String type) {
        String lower = type.toLowerCase(Locale.ROOT);
        return lower.startsWith("text/") || List.of("json", "xml", "javascript", "yaml", "csv").stream()
                .anyMatch(lower::contains);
    }

    private static Charset charset(String type) {
        for (String part : type.split(";")) {
            String trimmed = part.strip();
            if (trimmed.toLowerCase(Locale.ROOT).startsWith("charset=")) {
                try {
                    return Charset.forName(trimmed.substring(8).replace("\"", ""));
                }
                catch (RuntimeException e) {
                    return StandardCharsets.UTF_8;
                }
            }
        }
        return StandardCharsets.UTF_8;
    }
}
