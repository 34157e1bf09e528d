package dev.floorwatch.notifier.domain;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which webhook URLs a tenant may configure: https to an allowed host (by default the three
 * vendors'), so a tenant cannot make the service call internal addresses. {@code allowLoopbackHttp}
 * is for tests and the local demo: http://127.0.0.1 stand-ins.
 */
public record WebhookPolicy(Set<String> allowedHosts, boolean allowLoopbackHttp) {

    public static final Set<String> VENDOR_HOSTS = Set.of("open.feishu.cn", "open.larksuite.com", "oapi.dingtalk.com",
            "qyapi.weixin.qq.com");

    /** Empty when the URL may be called, else why not. */
    public Optional<String> refuse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (Exception e) {
            return Optional.of("must be a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (uri.getUserInfo() != null) {
            return Optional.of("must not contain user info");
        }
        if (allowLoopbackHttp && scheme.equals("http") && host.equals("127.0.0.1")) {
            return Optional.empty();
        }
        if (!scheme.equals("https")) {
            return Optional.of("must be an https URL");
        }
        if (!allowedHosts.contains(host)) {
            return Optional.of("host " + host + " is not allowed (allowed: " + String.join(", ", allowedHosts.stream().sorted().toList()) + ")");
        }
        if (uri.getPort() != -1 && uri.getPort() != 443) {
            return Optional.of("must use the default https port");
        }
        return Optional.empty();
    }
}
