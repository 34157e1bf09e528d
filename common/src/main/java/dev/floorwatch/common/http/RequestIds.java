package dev.floorwatch.common.http;

import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.MDC;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Gives every HTTP exchange an {@code X-Request-Id}: the caller's, when it is a sane token,
 * otherwise a new UUID. It is echoed on every response (also health and errors) and put in the
 * log MDC as {@code requestId}.
 */
@Singleton
public class RequestIds {

    public static final String HEADER = "X-Request-Id";
    private static final String CONTEXT_KEY = "floorwatch.requestId";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::assign);
    }

    private void assign(RoutingContext context) {
        String given = context.request().getHeader(HEADER);
        String id = given != null && SANE.matcher(given).matches() ? given : UUID.randomUUID().toString();
        context.put(CONTEXT_KEY, id);
        context.response().putHeader(HEADER, id);
        MDC.put("requestId", id);
        context.next();
    }

    /** The id of the exchange in hand, or {@code null} outside HTTP. */
    public static String current(RoutingContext context) {
        return context == null ? null : context.get(CONTEXT_KEY);
    }
}
