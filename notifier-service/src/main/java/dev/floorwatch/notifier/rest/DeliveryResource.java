package dev.floorwatch.notifier.rest;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import dev.floorwatch.common.events.AlertEvent;
import dev.floorwatch.common.http.FieldError;
import dev.floorwatch.common.http.ProblemException;
import dev.floorwatch.common.tenancy.Access;
import dev.floorwatch.common.tenancy.Caller;
import dev.floorwatch.common.tenancy.TenantAccess;
import dev.floorwatch.notifier.domain.Delivery;
import dev.floorwatch.notifier.domain.InAppNotification;
import dev.floorwatch.notifier.domain.Receiver;
import dev.floorwatch.notifier.domain.VendorReply;
import dev.floorwatch.notifier.store.DeliveryLog;
import dev.floorwatch.notifier.store.InAppStore;
import dev.floorwatch.notifier.service.NoticeSender;
import dev.floorwatch.notifier.store.ReceiverStore;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/** The delivery log (admin), the in-app notifications (viewer) and the receiver test button (admin). */
@Path("/v1/tenants/{tenant}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class DeliveryResource {

    public record DeliveriesAnswer(String tenant, List<Delivery> deliveries) {
    }

    public record NotificationsAnswer(String tenant, List<InAppNotification> notifications) {
    }

    /** What the vendor (or SMTP server) answered to the sample message. */
    public record TestAnswer(String receiver, String outcome, String code, String message) {
    }

    private static final Set<String> OUTCOMES = Set.of("delivered", "retry", "failed");

    private final TenantAccess access;
    private final DeliveryLog log;
    private final InAppStore inApp;
    private final ReceiverStore receivers;
    private final NoticeSender sender;

    public DeliveryResource(TenantAccess access, DeliveryLog log, InAppStore inApp, ReceiverStore receivers,
            NoticeSender sender) {
        this.access = access;
        this.log = log;
        this.inApp = inApp;
        this.receivers = receivers;
        this.sender = sender;
    }

    @GET
    @Path("/deliveries")
    public Uni<DeliveriesAnswer> deliveries(@PathParam("tenant") String tenant,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @QueryParam("since") String since,
            @QueryParam("receiver") String receiver, @QueryParam("outcome") String outcome) {
        return caller(tenant, authorization, Access.ADMIN).map(c -> {
            if (outcome != null && !OUTCOMES.contains(outcome)) {
                throw ProblemException.invalid(List.of(FieldError.of("outcome", "must be delivered, retry or failed")));
            }
            return new DeliveriesAnswer(tenant, log.list(tenant, since(since), receiver, outcome, 500));
        });
    }

    @GET
    @Path("/notifications")
    public Uni<NotificationsAnswer> notifications(@PathParam("tenant") String tenant,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @QueryParam("since") String since) {
        return caller(tenant, authorization, Access.VIEWER)
                .map(c -> new NotificationsAnswer(tenant, inApp.list(tenant, since(since), 200)));
    }

    /** Sends a sample message now (not rate-limited, not logged as an alert delivery) and answers the vendor's reply. */
    @POST
    @Path("/receivers/{id}/test")
    public Uni<TestAnswer> test(@PathParam("tenant") String tenant, @PathParam("id") String id,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return caller(tenant, authorization, Access.ADMIN).map(c -> {
            Receiver receiver = receivers.receiver(tenant, id).orElseThrow(() -> ProblemException.notFound("No receiver " + id + "."));
            boolean zh = receiver.language() == Receiver.Language.ZH;
            Instant now = Instant.now();
            AlertEvent sample = new AlertEvent(AlertEvent.SCHEMA, tenant, "floorwatch-test", "floorwatch-test",
                    zh ? "测试消息：Floorwatch 通知已接通" : "Test message: Floorwatch notifications work", "warning", "firing",
                    "queue.length", 12.0, 10.0, Map.of(), null, List.of(), now, null, now,
                    zh ? "无需处理" : "Nothing to do", null, null, null);
            VendorReply reply = sender.send(tenant, receiver, List.of(sample), now.toEpochMilli());
            return new TestAnswer(id, reply.outcome().name().toLowerCase(), reply.code(), reply.message());
        });
    }

    private static long since(String since) {
        if (since == null) {
            return System.currentTimeMillis() - DeliveryLog.RETENTION.toMillis();
        }
        try {
            return Instant.parse(since).toEpochMilli();
        } catch (Exception e) {
            throw ProblemException.invalid(List.of(FieldError.of("since", "must be an ISO-8601 instant such as 2026-11-26T10:00:00Z")));
        }
    }

    private Uni<Caller> caller(String tenant, String authorization, Access access) {
        return this.access.authorizeKnown(tenant, authorization, access).emitOn(Infrastructure.getDefaultWorkerPool());
    }
}
