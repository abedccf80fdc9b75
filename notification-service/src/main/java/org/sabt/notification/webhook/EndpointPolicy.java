package org.sabt.notification.webhook;

import jakarta.enterprise.context.ApplicationScoped;
import org.sabt.chassis.problem.ProblemException;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;

/**
 * Where a webhook may point: HTTPS to a public address. Private, loopback, link-local (cloud metadata), carrier-grade
 * NAT, unique-local and multicast addresses are refused, at subscription and again before each attempt (a name may
 * resolve elsewhere later), so a subscription cannot make Sabt call into its own network (SSRF). Plain HTTP to a
 * loopback address only where configured (tests, the local stack).
 */
@ApplicationScoped
public class EndpointPolicy {

    private final WebhookConfig config;

    EndpointPolicy(WebhookConfig config) {
        this.config = config;
    }

    /** The URL, checked; 400 {@code WEBHOOK_URL_INVALID}, {@code WEBHOOK_URL_NOT_HTTPS}, {@code WEBHOOK_URL_FORBIDDEN}. */
    public URI check(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException | NullPointerException e) {
            throw ProblemException.badRequest("WEBHOOK_URL_INVALID", url);
        }
        if (!uri.isAbsolute() || uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null
                || url.length() > 2000) {
            throw ProblemException.badRequest("WEBHOOK_URL_INVALID", url);
        }
        String scheme = uri.getScheme().toLowerCase();
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw ProblemException.badRequest("WEBHOOK_URL_NOT_HTTPS", url);
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            throw ProblemException.badRequest("WEBHOOK_URL_INVALID", url);
        }
        boolean loopback = addresses.length > 0;
        for (InetAddress a : addresses) {
            loopback &= a.isLoopbackAddress();
        }
        if (loopback && config.allowLoopbackHttp()) {
            return uri;
        }
        if (!scheme.equals("https")) {
            throw ProblemException.badRequest("WEBHOOK_URL_NOT_HTTPS", url);
        }
        for (InetAddress a : addresses) {
            if (!isPublic(a)) {
                throw ProblemException.badRequest("WEBHOOK_URL_FORBIDDEN", url);
            }
        }
        return uri;
    }

    static boolean isPublic(InetAddress a) {
        if (a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return false;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet6Address) {
            return (b[0] & 0xfe) != 0xfc; // fc00::/7, unique local
        }
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        return !(first == 100 && second >= 64 && second < 128) // 100.64.0.0/10, carrier-grade NAT
                && !(first == 192 && second == 0 && (b[2] & 0xff) == 0) // 192.0.0.0/24, protocol assignments
                && !(first == 198 && (second == 18 || second == 19)) // benchmarking
                && first != 0 && first < 224;
    }
}
