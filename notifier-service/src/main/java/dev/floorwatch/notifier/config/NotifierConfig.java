package dev.floorwatch.notifier.config;

import java.util.Set;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import dev.floorwatch.notifier.domain.WebhookPolicy;

/** Settings of notifier-service. */
@ConfigMapping(prefix = "floorwatch.notifier")
public interface NotifierConfig {

    /** Hosts a webhook receiver may point at (https only): the three vendors' by default. */
    @WithDefault("open.feishu.cn,open.larksuite.com,oapi.dingtalk.com,qyapi.weixin.qq.com")
    Set<String> allowedHosts();

    /** Also allow {@code http://127.0.0.1} webhooks: for tests and the local demo's stand-in receiver only. */
    @WithDefault("false")
    boolean allowLoopbackHttp();

    /** Consumer group of {@code floorwatch.alerts}; a new group starts at the end (old alerts are not re-sent). */
    @WithDefault("notifier-service")
    String consumerGroup();

    /** How long a crashed replica's partitions wait before another replica takes them over. */
    @WithDefault("10s")
    java.time.Duration sessionTimeout();

    /** Where the wallboard is, for the link in every message. */
    @WithDefault("http://127.0.0.1:8082")
    String wallboardUrl();

    /**
     * Threads sending messages (one receiver is sent to by one thread at a time). They mostly wait
     * on the vendor and Redis: 16 sent ~300 messages/s to a local stand-in where 4 sent ~100.
     */
    @WithDefault("16")
    int deliveryThreads();

    /** First retry delay; doubled per attempt (with jitter) up to {@link #retryMaxDelay()}. */
    @WithDefault("1s")
    java.time.Duration retryFirstDelay();

    @WithDefault("5m")
    java.time.Duration retryMaxDelay();

    /** After this long of retryable failures a message is failed for good and dead-lettered. */
    @WithDefault("1h")
    java.time.Duration retryGiveUpAfter();

    default WebhookPolicy webhookPolicy() {
        return new WebhookPolicy(Set.copyOf(allowedHosts()), allowLoopbackHttp());
    }
}
