package org.sabt.chassis.security;

import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.sabt.chassis.problem.ProblemException;

import java.util.Set;
import java.util.regex.Pattern;

/** The {@link Caller} of the current request, read once from the validated token. */
@RequestScoped
public class CurrentCaller {

    public static final String CITIZEN_HEADER = "X-Citizen-Id";
    private static final Pattern NATIONAL_ID = Pattern.compile("\\d{6,20}");

    private final SecurityIdentity identity;
    private final Instance<HttpServerRequest> request;
    private Caller caller;

    CurrentCaller(SecurityIdentity identity, Instance<HttpServerRequest> request) {
        this.identity = identity;
        this.request = request;
    }

    public Caller get() {
        if (caller == null) {
            caller = read();
        }
        return caller;
    }

    private Caller read() {
        if (identity.isAnonymous()) {
            return Caller.ANONYMOUS;
        }
        String username = claim(identity, "preferred_username");
        if (username == null) {
            username = identity.getPrincipal().getName();
        }
        String subject = identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getSubject() != null
                ? jwt.getSubject() : username;
        Set<String> roles = Set.copyOf(identity.getRoles());
        Caller.Kind kind = username.startsWith("service-account-") ? Caller.Kind.SERVICE_ACCOUNT : Caller.Kind.USER;
        String citizen = null;
        if (roles.contains(Roles.CITIZEN)) {
            citizen = claim(identity, "national_id");
        } else if (roles.contains(Roles.PORTAL) && request.isResolvable()) {
            // The header means something only from a portal, which authenticated the citizen itself.
            citizen = request.get().getHeader(CITIZEN_HEADER);
            if (citizen != null && !NATIONAL_ID.matcher(citizen).matches()) {
                throw ProblemException.badRequest("CITIZEN_ID_INVALID");
            }
        }
        return new Caller(subject, username, kind, roles, claim(identity, "office"), citizen);
    }

    /** A claim of the bearer token, or (under @TestSecurity) an attribute of the identity. */
    private static String claim(SecurityIdentity identity, String name) {
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            Object v = jwt.getClaim(name);
            if (v != null) {
                return v.toString().replaceAll("^\"|\"$", "");
            }
        }
        Object attribute = identity.getAttribute(name);
        return attribute == null ? null : attribute.toString();
    }
}
