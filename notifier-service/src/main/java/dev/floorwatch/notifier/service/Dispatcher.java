package dev.floorwatch.notifier.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import dev.floorwatch.common.events.AlertEvent;
import dev.floorwatch.notifier.domain.Receiver;
import dev.floorwatch.notifier.domain.ReceiverType;
import dev.floorwatch.notifier.domain.Route;
import dev.floorwatch.notifier.domain.RouteParser;
import dev.floorwatch.notifier.store.DeliveryStore;
import dev.floorwatch.notifier.store.ReceiverStore;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Routes an alert transition to its receivers and queues it there, once per receiver (the
 * transition id is the alert key, state, start and — for reminders — time). Inhibited and silenced
 * transitions are not notified. Without routes, every receiver gets every alert. The receiver's
 * message becomes due after the route's group wait, counted from the first alert waiting.
 */
@ApplicationScoped
public class Dispatcher {

    private final ReceiverStore receivers;
    private final DeliveryStore deliveries;
    private final MeterRegistry registry;

    public Dispatcher(ReceiverStore receivers, DeliveryStore deliveries, MeterRegistry registry) {
        this.receivers = receivers;
        this.deliveries = deliveries;
        this.registry = registry;
    }

    /** Answers how many receivers it was queued for. */
    public int dispatch(AlertEvent alert, long now) {
        if (alert.inhibitedBy() != null || alert.silencedBy() != null) {
            registry.counter("floorwatch.notifier.skipped", "reason", alert.inhibitedBy() != null ? "inhibited" : "silenced")
                    .increment();
            return 0;
        }
        Map<String, Receiver> byId = receivers.receivers(alert.tenant()).stream()
                .collect(Collectors.toMap(Receiver::id, r -> r));
        if (byId.isEmpty()) {
            return 0;
        }
        List<Route> routes = RouteParser.parse(receivers.routes(alert.tenant()), Set.copyOf(byId.keySet())).routes();
        if (routes.isEmpty()) {
            routes = List.of(new Route(Map.of(), List.copyOf(byId.keySet()), RouteParser.DEFAULT_GROUP_WAIT, false, true));
        }
        // A receiver reached by several routes gets the transition once, with the shortest group wait.
        Map<String, Long> waits = new LinkedHashMap<>();
        for (Route route : Route.select(routes, alert)) {
            if ("resolved".equals(alert.state()) && !route.sendResolved()) {
                continue;
            }
            route.receivers().forEach(id -> waits.merge(id, route.groupWait().toMillis(), Math::min));
        }
        int queued = 0;
        String transition = transitionId(alert);
        for (Map.Entry<String, Long> entry : waits.entrySet()) {
            Receiver receiver = byId.get(entry.getKey());
            // Acknowledgements are news for the wallboard, not for a chat group or a mailbox.
            if (receiver == null || "acknowledged".equals(alert.state()) && receiver.type() != ReceiverType.INAPP) {
                continue;
            }
            if (deliveries.enqueue(alert.tenant(), receiver.id(), transition, alert, now + entry.getValue())) {
                queued++;
            } else {
                registry.counter("floorwatch.notifier.skipped", "reason", "duplicate").increment();
            }
        }
        return queued;
    }

    static String transitionId(AlertEvent alert) {
        String identity = alert.key() + "|" + alert.state() + "|" + alert.startsAt()
                + ("reminder".equals(alert.state()) || "acknowledged".equals(alert.state()) ? "|" + alert.at() : "");
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8)), 0, 12);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
