package dev.floorwatch.common.tenancy;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.MDC;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.floorwatch.common.config.TenancyConfig;
import dev.floorwatch.common.http.ProblemException;
import io.smallrye.mutiny.Uni;

/**
 * The credential check every service uses: who is calling, and may they do this on this
 * tenant's path? Missing or unknown credentials are 401; a valid credential of another tenant,
 * or of a role the endpoint does not admit, is 403. Lookups are cached for
 * {@code floorwatch.tenancy.credential-cache-ttl}.
 */
@ApplicationScoped
public class TenantAccess {

    /** The zone of a tenant created without one (and of one that is gone). */
    public static final String DEFAULT_TIMEZONE = "Asia/Shanghai";

    private static final String BEARER = "Bearer ";

    private final TenantRegistry registry;
    private final Optional<String> operatorToken;
    private final Cache<String, Optional<Caller>> callers;
    private final Cache<String, Optional<Tenant>> tenants;
    private final Cache<String, List<String>> signingSecrets;

    public TenantAccess(TenantRegistry registry, TenancyConfig config) {
        this.registry = registry;
        this.operatorToken = config.operatorToken().filter(token -> !token.isBlank());
        this.callers = Caffeine.newBuilder().expireAfterWrite(config.credentialCacheTtl()).maximumSize(100_000).build();
        this.tenants = Caffeine.newBuilder().expireAfterWrite(config.credentialCacheTtl()).maximumSize(100_000).build();
        this.signingSecrets = Caffeine.newBuilder().expireAfterWrite(config.credentialCacheTtl()).maximumSize(100_000).build();
    }

    /**
     * Authorizes a call on {@code tenant}'s path with the given {@code Authorization} header.
     * Fails with a 401 or 403 problem; {@code tenant} may be {@code null} for operator-only paths.
     */
    public Uni<Caller> authorize(String tenant, String authorization, Access... admitted) {
        Optional<String> token = bearerToken(authorization);
        if (token.isEmpty()) {
            return Uni.createFrom().failure(ProblemException.unauthorized(
                    "Send 'Authorization: Bearer <credential>'."));
        }
        return identify(token.get()).map(found -> {
            Caller caller = found.orElseThrow(() -> ProblemException.unauthorized("The credential is not valid."));
            check(caller, tenant, admitted);
            if (tenant != null) {
                MDC.put("tenant", tenant);
            }
            return caller;
        });
    }

    /**
     * Like {@link #authorize}, for paths that read a tenant's data: an unknown tenant is 404
     * (after the credential itself was checked), another tenant's credential 403.
     */
    public Uni<Caller> authorizeKnown(String tenant, String authorization, Access... admitted) {
        Optional<String> token = bearerToken(authorization);
        if (token.isEmpty()) {
            return Uni.createFrom().failure(ProblemException.unauthorized(
                    "Send 'Authorization: Bearer <credential>'."));
        }
        return identify(token.get()).flatMap(found -> {
            Caller caller = found.orElseThrow(() -> ProblemException.unauthorized("The credential is not valid."));
            return tenant(tenant).map(known -> {
                if (known.isEmpty()) {
                    throw ProblemException.notFound("No tenant " + tenant + ".");
                }
                check(caller, tenant, admitted);
                MDC.put("tenant", tenant);
                return caller;
            });
        });
    }

    /** Who holds this bearer token, if anyone (the operator token included). */
    public Uni<Optional<Caller>> identify(String token) {
        if (operatorToken.isPresent() && CredentialTokens.constantTimeEquals(token, operatorToken.get())) {
            return Uni.createFrom().item(Optional.of(Caller.OPERATOR));
        }
        String hash = CredentialTokens.hash(token);
        Optional<Caller> cached = callers.getIfPresent(hash);
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        return registry.callerOf(hash).invoke(found -> callers.put(hash, found));
    }

    /** The tenant's record, cached like credentials. */
    public Uni<Optional<Tenant>> tenant(String id) {
        Optional<Tenant> cached = tenants.getIfPresent(id);
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        return registry.find(id).invoke(found -> tenants.put(id, found));
    }

    /**
     * The tenant's time zone (active hours, times in messages), blocking: for consumer and worker
     * threads. An unknown tenant gets the installation's default zone.
     */
    public String timezone(String id) {
        return tenant(id).await().indefinitely().map(Tenant::timezone).orElse(DEFAULT_TIMEZONE);
    }

    /** The signing secrets that verify the tenant's signed bodies now, cached like credentials. */
    public Uni<List<String>> signingSecrets(String tenant) {
        List<String> cached = signingSecrets.getIfPresent(tenant);
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        return registry.signingSecrets(tenant).invoke(found -> signingSecrets.put(tenant, found));
    }

    /** Forgets what this replica cached about a tenant (after a rotation or deletion here). */
    public void forget(String tenant) {
        tenants.invalidate(tenant);
        signingSecrets.invalidate(tenant);
        callers.asMap().values().removeIf(caller -> caller.isPresent() && tenant.equals(caller.get().tenant()));
    }

    static void check(Caller caller, String tenant, Access... admitted) {
        boolean roleAdmitted = Arrays.stream(admitted).anyMatch(access -> access.admits(caller));
        if (caller.isOperator()) {
            if (!roleAdmitted) {
                throw ProblemException.forbidden("The operator token does not act inside a tenant here; use a tenant credential.");
            }
            return;
        }
        if (tenant == null || !tenant.equals(caller.tenant())) {
            throw ProblemException.forbidden("This credential belongs to another tenant.");
        }
        if (!roleAdmitted) {
            throw ProblemException.forbidden("A " + caller.role().name().toLowerCase()
                    + " credential cannot do this; it needs " + describe(admitted) + ".");
        }
    }

    private static String describe(Access... admitted) {
        return String.join(" or ", Arrays.stream(admitted).map(a -> a.name().toLowerCase()).toList());
    }

    private static Optional<String> bearerToken(String authorization) {
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.empty();
        }
        String token = authorization.substring(BEARER.length()).trim();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }
}
