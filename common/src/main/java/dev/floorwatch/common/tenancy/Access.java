package dev.floorwatch.common.tenancy;

/** Who an endpoint admits. {@link #VIEWER} also admits admins, who read everything of their tenant. */
public enum Access {
    OPERATOR, ADMIN, VIEWER, INGEST;

    boolean admits(Caller caller) {
        if (caller.isOperator()) {
            return this == OPERATOR;
        }
        return switch (this) {
            case OPERATOR -> false;
            case ADMIN -> caller.role() == Role.ADMIN;
            case VIEWER -> caller.role() == Role.VIEWER || caller.role() == Role.ADMIN;
            case INGEST -> caller.role() == Role.INGEST;
        };
    }
}
