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

    default WebhookPolicy webhookPolicy() {
        return new WebhookPolicy(Set.copyOf(allowedHosts()), allowLoopbackHttp());
    }
}
