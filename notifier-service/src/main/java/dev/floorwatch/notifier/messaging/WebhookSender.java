package dev.floorwatch.notifier.messaging;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.floorwatch.notifier.domain.Receiver;
import dev.floorwatch.notifier.domain.ReceiverType;
import dev.floorwatch.notifier.domain.VendorReply;
import dev.floorwatch.notifier.domain.VendorSigning;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;

/**
 * Posts a robot message, signed as the vendor wants it, and reads the vendor's answer. Redirects
 * are never followed (they could lead off the allowed hosts); the answer's body decides the outcome.
 * Blocking: called from the delivery threads, never from an event loop.
 */
@ApplicationScoped
public class WebhookSender {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final WebClient client;

    public WebhookSender(Vertx vertx) {
        this.client = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false)
                .setConnectTimeout((int) TIMEOUT.toMillis()).setUserAgent("Floorwatch-Notifier/1"));
    }

    public VendorReply send(Receiver receiver, ObjectNode body, long nowMillis) {
        String url = receiver.webhookUrl();
        ObjectNode payload = body.deepCopy();
        if (receiver.secret() != null && receiver.type() == ReceiverType.FEISHU) {
            long seconds = nowMillis / 1000;
            payload.put("timestamp", Long.toString(seconds)).put("sign", VendorSigning.feishu(seconds, receiver.secret()));
        } else if (receiver.secret() != null && receiver.type() == ReceiverType.DINGTALK) {
            url = VendorSigning.dingTalkUrl(url, nowMillis, receiver.secret());
        }
        try {
            HttpResponse<io.vertx.mutiny.core.buffer.Buffer> response = client.postAbs(url)
                    .putHeader("Content-Type", "application/json; charset=utf-8")
                    .timeout(TIMEOUT.toMillis())
                    .sendJsonObject(new JsonObject(payload.toString()))
                    .await().atMost(TIMEOUT.plusSeconds(1));
            return VendorReply.classify(receiver.type(), response.statusCode(), response.bodyAsString());
        } catch (Exception e) {
            return VendorReply.unreachable(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
