package dev.floorwatch.common.tenancy;

/** The authenticated party of a request: the operator, or one tenant's credential with its role. */
public record Caller(String tenant, Role role) {

    public static final Caller OPERATOR = new Caller(null, null);

    public boolean isOperator() {
        return tenant == null;
    }

    /** The name used in logs and audit fields; never the secret. */
    public String describe() {
        return isOperator() ? "operator" : tenant + "/" + role.name().toLowerCase();
    }
}
