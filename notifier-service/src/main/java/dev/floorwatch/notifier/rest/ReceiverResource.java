package dev.floorwatch.notifier.rest;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.floorwatch.common.http.FieldError;
import dev.floorwatch.common.http.JsonBodies;
import dev.floorwatch.common.http.ProblemException;
import dev.floorwatch.common.tenancy.Access;
import dev.floorwatch.common.tenancy.Caller;
import dev.floorwatch.common.tenancy.TenantAccess;
import dev.floorwatch.notifier.config.NotifierConfig;
import dev.floorwatch.notifier.domain.Receiver;
import dev.floorwatch.notifier.domain.ReceiverParser;
import dev.floorwatch.notifier.domain.Route;
import dev.floorwatch.notifier.domain.RouteParser;
import dev.floorwatch.notifier.store.ReceiverStore;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * A tenant's receivers and routes (API.md "Notifications", admin). Secrets never leave in a
 * read; a receiver that a route uses cannot be dropped (422 naming the route). Receivers are
 * listed by id.
 */
@Path("/v1/tenants/{tenant}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class ReceiverResource {

    public record ReceiversAnswer(String tenant, List<Receiver> receivers) {
    }

    public record RoutesAnswer(String tenant, JsonNode routes) {
    }

    private final TenantAccess access;
    private final ReceiverStore store;
    private final NotifierConfig config;
    private final ObjectMapper json;

    public ReceiverResource(TenantAccess access, ReceiverStore store, NotifierConfig config, ObjectMapper json) {
        this.access = access;
        this.store = store;
        this.config = config;
        this.json = json;
    }

    @GET
    @Path("/receivers")
    public Uni<ReceiversAnswer> receivers(@PathParam("tenant") String tenant,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return admin(tenant, authorization).map(c -> new ReceiversAnswer(tenant,
                store.receivers(tenant).stream().map(Receiver::masked).toList()));
    }

    /** Replaces all receivers: an array, or {@code {"receivers": [...]}} as GET answers (masked secrets are kept). */
    @PUT
    @Path("/receivers")
    public Uni<ReceiversAnswer> replaceReceivers(@PathParam("tenant") String tenant,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @HeaderParam(HttpHeaders.CONTENT_TYPE) String type,
            byte[] body) {
        return admin(tenant, authorization).map(c -> {
            JsonNode list = listIn(JsonBodies.parse(type, body), "receivers");
            Map<String, Receiver> current = store.receivers(tenant).stream()
                    .collect(Collectors.toMap(Receiver::id, r -> r));
            List<FieldError> errors = new ArrayList<>();
            Map<String, Receiver> parsed = new LinkedHashMap<>();
            for (int i = 0; i < list.size(); i++) {
                JsonNode node = list.get(i);
                Optional<Receiver> previous = Optional.ofNullable(current.get(node.path("id").asText("")));
                ReceiverParser.Outcome outcome = ReceiverParser.parse(node, i, config.webhookPolicy(), previous);
                errors.addAll(outcome.errors());
                if (outcome.valid() && parsed.putIfAbsent(outcome.receiver().id(), outcome.receiver()) != null) {
                    errors.add(new FieldError(i, "id", "is used by another receiver of the list"));
                }
            }
            JsonNode routes = store.routes(tenant);
            for (int i = 0; i < routes.size(); i++) {
                for (JsonNode id : routes.get(i).path("receivers")) {
                    if (errors.isEmpty() && !parsed.containsKey(id.asText())) {
                        errors.add(FieldError.of("receivers", "route " + i + " sends to " + id.asText()
                                + ": change the routes first"));
                    }
                }
            }
            if (!errors.isEmpty()) {
                throw ProblemException.invalid(errors);
            }
            store.replaceReceivers(tenant, List.copyOf(parsed.values()));
            return new ReceiversAnswer(tenant, parsed.values().stream().map(Receiver::masked)
                    .sorted(java.util.Comparator.comparing(Receiver::id)).toList());
        });
    }

    @GET
    @Path("/routes")
    public Uni<RoutesAnswer> routes(@PathParam("tenant") String tenant,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return admin(tenant, authorization).map(c -> new RoutesAnswer(tenant, store.routes(tenant)));
    }

    /** Replaces all routes: an array, or {@code {"routes": [...]}}; answers them with the defaults filled in. */
    @PUT
    @Path("/routes")
    public Uni<RoutesAnswer> replaceRoutes(@PathParam("tenant") String tenant,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @HeaderParam(HttpHeaders.CONTENT_TYPE) String type,
            byte[] body) {
        return admin(tenant, authorization).map(c -> {
            JsonNode list = listIn(JsonBodies.parse(type, body), "routes");
            Set<String> ids = new HashSet<>();
            store.receivers(tenant).forEach(r -> ids.add(r.id()));
            RouteParser.Outcome outcome = RouteParser.parse(list, ids);
            if (!outcome.valid()) {
                throw ProblemException.invalid(outcome.errors());
            }
            ArrayNode normalised = json.createArrayNode();
            outcome.routes().forEach(route -> normalised.add(toJson(route)));
            store.replaceRoutes(tenant, normalised);
            return new RoutesAnswer(tenant, normalised);
        });
    }

    private ObjectNode toJson(Route route) {
        ObjectNode node = json.createObjectNode();
        node.set("match", json.valueToTree(route.match()));
        node.set("receivers", json.valueToTree(route.receivers()));
        long ms = route.groupWait().toMillis();
        node.put("groupWait", ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms");
        node.put("continue", route.continueMatching());
        node.put("sendResolved", route.sendResolved());
        return node;
    }

    private static JsonNode listIn(JsonNode body, String field) {
        JsonNode list = body.isArray() ? body : body.get(field);
        if (list == null || !list.isArray()) {
            throw ProblemException.invalid(List.of(FieldError.of(field, "must be an array (or {\"" + field + "\": [...]})")));
        }
        if (list.size() > 100) {
            throw ProblemException.invalid(List.of(FieldError.of(field, "must have at most 100 items")));
        }
        return list;
    }

    private Uni<Caller> admin(String tenant, String authorization) {
        return access.authorizeKnown(tenant, authorization, Access.ADMIN).emitOn(Infrastructure.getDefaultWorkerPool());
    }
}
