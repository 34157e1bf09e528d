package dev.floorwatch.common.tenancy;

import java.util.regex.Pattern;

/** Tenant id syntax of API.md. */
public final class TenantIds {

    public static final String PATTERN = "[a-z0-9][a-z0-9-]{1,62}";
    private static final Pattern COMPILED = Pattern.compile(PATTERN);

    private TenantIds() {
    }

    public static boolean isValid(String id) {
        return id != null && COMPILED.matcher(id).matches();
    }
}
