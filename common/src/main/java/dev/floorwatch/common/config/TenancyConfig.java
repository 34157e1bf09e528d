package dev.floorwatch.common.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Installation-wide settings of tenants and credentials (API.md, "Tenants and credentials"). */
@ConfigMapping(prefix = "floorwatch.tenancy")
public interface TenancyConfig {

    /**
     * The operator secret ({@code FLOORWATCH_OPERATOR_TOKEN}). Without it the operator API
     * answers 401 to everyone.
     */
    Optional<String> operatorToken();

    /**
     * How long a service trusts a credential lookup before asking Redis again; also the longest
     * a revoked credential keeps working on a replica.
     */
    @WithDefault("5s")
    Duration credentialCacheTtl();

    /** How long the previous credentials stay valid after a rotation, unless the call says otherwise. */
    @WithDefault("24h")
    Duration rotationGrace();
}
